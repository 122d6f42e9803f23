import { Field, ObjectType } from 'type-graphql';
import { Provider as ProviderEntity, ProviderAdmission as AdmissionEntity } from '../../domain/supply/provider.entity';
import { Connection } from '../common/connection';
import { ProviderType } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar } from '../common/scalars';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One period on the list of providers admitted to subsidised training (补贴性培训机构目录).' })
export class ProviderAdmission extends Node {
  @Field(() => DateScalar)
  admittedFrom: string;

  @Field(() => DateScalar)
  admittedUntil: string;

  @Field(() => DateScalar, { nullable: true, description: 'From this day the provider is off the list: no course still running on it is subsidised.' })
  suspendedOn: string | null;

  @Field(() => String, { nullable: true })
  suspensionReason: string | null;
}
registerNodeType(AdmissionEntity, 'ProviderAdmission');

@ObjectType({ implements: Node, simpleResolvers: true, description: 'A training provider (培训机构), identified by its unified social credit code.' })
export class Provider extends Node {
  @Field({ description: 'Unified social credit code (统一社会信用代码), 18 characters.' })
  creditCode: string;

  @Field()
  name: string;

  @Field(() => ProviderType)
  type: ProviderType;

  @Field({ description: 'Six-digit region code of its registered location.' })
  regionCode: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(ProviderEntity, 'Provider');

@ObjectType({ simpleResolvers: true })
export class ProviderConnection extends Connection(Provider) {}
