import { IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Provider as ProviderEntity } from '../../domain/supply/provider.entity';
import { MAX_SUSPENSION_REASON } from '../../domain/supply/provider.service';
import { PageArgs } from '../common/connection';
import { CourseStatus, ProviderType } from '../common/enums';
import { DateScalar } from '../common/scalars';
import { Payload } from '../common/user-error';
import { IsRegionCode } from '../common/validators';
import { Provider } from './provider.types';

@InputType()
export class RegisterProviderInput {
  @Field({ description: 'Unified social credit code, 18 characters with a valid check character.' })
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;

  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => ProviderType)
  type: ProviderType;

  @Field()
  @IsRegionCode()
  regionCode: string;
}

@InputType({ description: 'Leave out what stays.' })
export class UpdateProviderInput {
  @Field(() => ID)
  providerId: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => ProviderType, { nullable: true })
  type?: ProviderType;
}

@InputType()
export class AdmitProviderInput {
  @Field(() => ID)
  providerId: string;

  @Field(() => DateScalar, { description: 'First day on the admitted list.' })
  from: string;

  @Field(() => DateScalar, { description: 'Last day on the admitted list, not before `from`.' })
  until: string;
}

@InputType()
export class SuspendProviderInput {
  @Field(() => ID)
  providerId: string;

  @Field({ description: `Why (misconduct, 001 §(十七)); 1 to ${MAX_SUSPENSION_REASON} characters.` })
  @Length(1, MAX_SUSPENSION_REASON)
  reason: string;
}

@ObjectType()
export class ProviderPayload extends Payload {
  @Field(() => Provider, { nullable: true })
  provider: ProviderEntity | null;
}

@InputType()
export class ProviderFilter {
  @Field({ nullable: true, description: 'This region and every region below it.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => ProviderType, { nullable: true })
  type?: ProviderType;

  @Field(() => DateScalar, { nullable: true, description: 'Only providers on the admitted list on this day.' })
  admittedOn?: string;
}

@ArgsType()
export class ProvidersArgs extends PageArgs {
  @Field({ nullable: true, description: 'Part of the name, or a whole credit code.' })
  @IsOptional()
  @MaxLength(100)
  query?: string;

  @Field(() => ProviderFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ProviderFilter;
}

@ArgsType()
export class ProviderArgs {
  @Field()
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;
}

@ArgsType()
export class ProviderCoursesArgs extends PageArgs {
  @Field(() => CourseStatus, { nullable: true, description: 'Only courses in this status.' })
  status?: CourseStatus;
}
