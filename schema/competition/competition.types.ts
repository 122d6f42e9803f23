import { Field, ObjectType } from 'type-graphql';
import { Competition as CompetitionEntity, CompetitionFinalist as CompetitionFinalistEntity } from '../../domain/competition/competition.entity';
import type { CompetitionLevel as CompetitionLevelValue } from '../../domain/supply/supply-enums';
import { Connection } from '../common/connection';
import { Node, registerNodeType } from '../common/node';
import { CompetitionLevel } from '../common/enums';
import { DateScalar, DateTimeScalar } from '../common/scalars';

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'A vocational skill competition (职业技能竞赛, 004 §(十四)) whose finalists earn the enterprise or college that sent them a subsidy. For ADMIN callers.',
})
export class Competition extends Node {
  @Field()
  name: string;

  @Field(() => CompetitionLevel)
  level: CompetitionLevelValue;

  @Field({ description: 'The region that holds it (for a national or world competition, the region that records it).' })
  regionCode: string;

  @Field(() => String, { nullable: true })
  occupationCode: string | null;

  @Field(() => DateScalar, { description: 'The day of the final: the subsidy standard in force that day applies.' })
  finalOn: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType({ simpleResolvers: true })
export class CompetitionConnection extends Connection(Competition) {}

@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: 'A finalist (进入决赛的选手) and the enterprise or college (院校) that sent them, which the subsidy goes to. For ADMIN callers, the sender and the finalist themself.',
})
export class CompetitionFinalist extends Node {
  @Field(() => DateTimeScalar)
  recordedAt: Date;
}
registerNodeType(CompetitionEntity, 'Competition');
registerNodeType(CompetitionFinalistEntity, 'CompetitionFinalist');
