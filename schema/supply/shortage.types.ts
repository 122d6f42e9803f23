import { Field, Int, ObjectType } from 'type-graphql';
import { RegionPolicy as RegionPolicyEntity, ShortageCatalog as CatalogEntity, ShortageCatalogEntry as EntryEntity } from '../../domain/supply/shortage-catalog.entity';
import { Connection } from '../common/connection';
import { ShortageCatalogStatus, ShortageLevel } from '../common/enums';
import { Node, registerNodeType } from '../common/node';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';
import { Payload } from '../common/user-error';

@ObjectType({ implements: Node, simpleResolvers: true, description: "A region's shortage-occupation catalog (急需紧缺职业目录), one version of it." })
export class ShortageCatalog extends Node {
  @Field({ description: 'Six-digit code of the region it applies to (and every region below it without a catalog of its own).' })
  regionCode: string;

  @Field({ description: 'e.g. `2026` or `2026H2`.' })
  period: string;

  @Field()
  title: string;

  @Field(() => ShortageCatalogStatus)
  status: ShortageCatalogStatus;

  @Field(() => DecimalScalar, { description: 'The demand/supply ratio the draft was built with.' })
  minRatio: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day in force; null while a draft.' })
  effectiveFrom: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(CatalogEntity, 'ShortageCatalog');

@ObjectType({ simpleResolvers: true, description: 'What a drafted entry was based on, on the day it was drafted.' })
export class ShortageEvidence {
  @Field(() => Int, { description: 'Open post-demand headcount in the region and below.' })
  demandHeadcount: number;

  @Field(() => Int, { description: 'Job seekers targeting the occupation plus seats left in published courses.' })
  supply: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'demandHeadcount / supply; null without supply.' })
  ratio: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: 'One occupation on a shortage catalog, with the subsidy uplift it brings.' })
export class ShortageCatalogEntry extends Node {
  @Field()
  occupationCode: string;

  @Field(() => ShortageLevel)
  level: ShortageLevel;

  @Field(() => DecimalScalar, { description: 'How much the training subsidy standard floats up, in percent (e.g. `"10.00"`).' })
  subsidyUpliftPercent: string;

  @Field(() => String, { nullable: true })
  note: string | null;
}
registerNodeType(EntryEntity, 'ShortageCatalogEntry');

@ObjectType({ simpleResolvers: true })
export class ShortageCatalogConnection extends Connection(ShortageCatalog) {}

@ObjectType({ simpleResolvers: true, description: 'Demand against supply for one occupation in a region and everything below it, today.' })
export class DemandGapRow {
  @Field()
  occupationCode: string;

  @Field(() => Int, { description: 'Headcount of OPEN post-demand lines valid today.' })
  openDemandHeadcount: number;

  @Field(() => Int, { description: '`seekers + courseSeats`.' })
  supply: number;

  @Field(() => Int, { description: 'Job seekers targeting the occupation.' })
  seekers: number;

  @Field(() => Int, { description: 'Seats left in published courses starting today or later.' })
  courseSeats: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'openDemandHeadcount / supply, two places rounded half up; null without supply.' })
  ratio: string | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "Region-level policy; a region without one inherits its city's, then its province's, then the national default." })
export class RegionPolicy extends Node {
  @Field()
  regionCode: string;

  @Field(() => DecimalScalar, { description: "Cap on a shortage entry's subsidy uplift, in percent (national default `10.00`)." })
  maxShortageUpliftPercent: string;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}
registerNodeType(RegionPolicyEntity, 'RegionPolicy');

@ObjectType()
export class ShortageCatalogPayload extends Payload {
  @Field(() => ShortageCatalog, { nullable: true })
  shortageCatalog: CatalogEntity | null;
}

@ObjectType()
export class RegionPolicyPayload extends Payload {
  @Field(() => RegionPolicy, { nullable: true })
  regionPolicy: RegionPolicyEntity | null;
}
