import { IsOptional, Length, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { SkillChain as ChainEntity, SkillChainMember as MemberEntity } from '../../domain/demand/skill-chain.entity';
import { Connection, PageArgs } from '../common/connection';
import { SkillChainMemberKind } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateTimeScalar } from '../common/scalars';
import { IsRegionCode } from '../common/validators';
import { Payload } from '../common/user-error';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A member of a skill-ecosystem chain.' })
export class SkillChainMember extends Node {
  @Field(() => SkillChainMemberKind)
  kind: SkillChainMemberKind;

  @Field({ description: 'Unified social credit code of the member.' })
  creditCode: string;

  @Field()
  name: string;

  @Field(() => DateTimeScalar)
  joinedAt: Date;
}
registerNodeType(MemberEntity, 'SkillChainMember');

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A skill-ecosystem chain (技能生态链) led by a chain-leader enterprise (链主).' })
export class SkillChain extends Node {
  @Field()
  name: string;

  @Field()
  regionCode: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}
registerNodeType(ChainEntity, 'SkillChain');

@ObjectType({ simpleResolvers: true })
export class SkillChainConnection extends Connection(SkillChain) {}

@ObjectType()
export class SkillChainPayload extends Payload {
  @Field(() => SkillChain, { nullable: true })
  skillChain: ChainEntity | null;
}

@InputType()
export class CreateSkillChainInput {
  @Field()
  @Length(1, 200)
  name: string;

  @Field()
  @IsRegionCode()
  regionCode: string;

  @Field(() => ID, { description: 'The chain leader (链主).' })
  leaderEnterpriseId: string;

  @Field(() => ID, { nullable: true })
  clusterId?: string;
}

@InputType()
export class AddSkillChainMemberInput {
  @Field(() => ID)
  chainId: string;

  @Field(() => SkillChainMemberKind)
  kind: SkillChainMemberKind;

  @Field()
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;

  @Field({ nullable: true, description: 'Required unless the member is a registered enterprise.' })
  @IsOptional()
  @Length(1, 200)
  name?: string;
}

@InputType()
export class RemoveSkillChainMemberInput {
  @Field(() => ID)
  chainId: string;

  @Field()
  @Length(18, 18, { message: 'creditCode must be exactly 18 characters' })
  creditCode: string;
}

@InputType()
export class SkillChainFilter {
  @Field({ nullable: true, description: 'This region and every region below it.' })
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @Field(() => ID, { nullable: true })
  leaderEnterpriseId?: string;

  @Field(() => ID, { nullable: true })
  memberEnterpriseId?: string;
}

@ArgsType()
export class SkillChainsArgs extends PageArgs {
  @Field(() => SkillChainFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: SkillChainFilter;
}

