import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Enterprise as EnterpriseEntity } from '../../domain/enterprise/enterprise.entity';
import { PageArgs } from '../common/connection';
import { EnterpriseTag } from '../common/enums';
import { IsRegionCode } from '../common/validators';
import { Payload } from '../common/user-error';
import { Enterprise } from './enterprise.types';

const INDUSTRY_CODE = /^[A-T](\d{2,4})?$/;

@InputType()
export class RegisterEnterpriseInput {
  @Field({ description: 'Unified social credit code, 18 characters with a valid check character.' })
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;

  @Field()
  @Length(1, 200)
  name: string;

  @Field()
  @IsRegionCode()
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'GB/T 4754 industry code, e.g. `C34`.' })
  @IsOptional()
  @Matches(INDUSTRY_CODE, { message: 'industryCode must be a GB/T 4754 code such as C or C34' })
  industryCode?: string;

  @Field(() => [EnterpriseTag], { defaultValue: [] })
  @ArrayMaxSize(4)
  tags: EnterpriseTag[];

  @Field(() => [ID], { nullable: true, description: 'Industrial clusters of its region (global ids).' })
  @IsOptional()
  @ArrayMaxSize(20)
  clusterIds?: string[];
}

@InputType()
export class UpdateEnterpriseInput {
  @Field(() => ID)
  enterpriseId: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(INDUSTRY_CODE, { message: 'industryCode must be a GB/T 4754 code such as C or C34' })
  industryCode?: string;

  @Field(() => [EnterpriseTag], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  tags?: EnterpriseTag[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  clusterIds?: string[];
}

@ObjectType()
export class EnterprisePayload extends Payload {
  @Field(() => Enterprise, { nullable: true })
  enterprise: EnterpriseEntity | null;
}

@InputType()
export class EnterpriseFilter {
  @Field({ nullable: true, description: 'This region and every region below it.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => EnterpriseTag, { nullable: true })
  tag?: EnterpriseTag;

  @Field(() => ID, { nullable: true })
  clusterId?: string;
}

@ArgsType()
export class EnterprisesArgs extends PageArgs {
  @Field({ nullable: true, description: 'Part of the name, or a whole credit code.' })
  @IsOptional()
  @MaxLength(100)
  query?: string;

  @Field(() => EnterpriseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: EnterpriseFilter;
}

@ArgsType()
export class EnterpriseArgs {
  @Field()
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;
}

@ArgsType()
export class ClustersArgs {
  @Field()
  @IsRegionCode()
  regionCode: string;
}
