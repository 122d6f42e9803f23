import { Field, ObjectType } from 'type-graphql';
import type { CompetitionLevel as CompetitionLevelValue } from '../../domain/supply/supply-enums';
import { Connection } from '../common/connection';
import { CompetitionLevel } from '../common/enums';
import { DateScalar, DateTimeScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true, description: 'A vocational skill competition (职业技能竞赛, 004 §(十四)) whose finalists earn the enterprise or college that sent them a subsidy. For ADMIN callers.' })
export class Competition {
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

@ObjectType({ simpleResolvers: true, description: 'A finalist (进入决赛的选手) and the enterprise or college (院校) that sent them, which the subsidy goes to.' })
export class CompetitionFinalist {
  @Field(() => DateTimeScalar)
  recordedAt: Date;
}
