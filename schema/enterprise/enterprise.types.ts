import { Field, ObjectType } from 'type-graphql';
import { ClusterCategory, Enterprise as EnterpriseEntity, EnterpriseTag, IndustrialCluster as ClusterEntity } from '../../domain/enterprise/enterprise.entity';
import { Connection } from '../common/connection';
import '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateTimeScalar } from '../common/scalars';

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An industrial cluster of a region (e.g. Dalian\'s "5+4+3+1").' })
export class IndustrialCluster extends Node {
  @Field()
  name: string;

  @Field()
  regionCode: string;

  @Field(() => ClusterCategory)
  category: ClusterCategory;
}
registerNodeType(ClusterEntity, 'IndustrialCluster');

@ObjectType({ implements: Node, simpleResolvers: true, description: 'An employer (用人单位), identified by its unified social credit code.' })
export class Enterprise extends Node {
  @Field({ description: 'Unified social credit code (统一社会信用代码), 18 characters.' })
  creditCode: string;

  @Field()
  name: string;

  @Field({ description: 'Six-digit region code of its registered location.' })
  regionCode: string;

  @Field(() => String, { nullable: true, description: 'GB/T 4754 industry code, e.g. `C34`.' })
  industryCode: string | null;

  @Field(() => [EnterpriseTag])
  tags: EnterpriseTag[];

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(EnterpriseEntity, 'Enterprise');

@ObjectType({ simpleResolvers: true })
export class EnterpriseConnection extends Connection(Enterprise) {}
