import { ArrayMaxSize, Matches } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MAX_SYNC_ITEMS, SOURCE_NAME, SyncItemStatus, type SyncItem } from '../../domain/demand/post-demand-sync';
import { PostDemandStatus, SkillLevel } from '../common/enums';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../common/scalars';
import { Payload, UserError } from '../common/user-error';

registerEnumType(SyncItemStatus, {
  name: 'SyncItemStatus',
  description: 'What `syncPostDemands` did with one item.',
  valuesConfig: {
    CREATED: { description: '新增: a new line was stored.' },
    UPDATED: { description: '更新: the stored line was older and was overwritten.' },
    UNCHANGED: { description: '未变: the stored line is as new or newer (by `updatedAt`); nothing was written.' },
    REJECTED: { description: '拒绝: the item broke a rule; see its `userErrors`.' },
  },
});

@InputType({ description: 'One post-demand line as the agency keeps it. Checked item by item: a bad item is REJECTED with its own userErrors, the others still land.' })
export class SyncPostDemandItemInput implements SyncItem {
  @Field({ description: "The agency's own id of the line; lines are upserted by `(source, externalId)`." })
  externalId: string;

  @Field(() => DateTimeScalar, { description: 'When the agency last changed the line. An item not newer than the stored line is UNCHANGED.' })
  updatedAt: Date;

  @Field({ description: 'Unified social credit code of the employer; an unknown enterprise is registered from this item.' })
  enterpriseCreditCode: string;

  @Field({ description: 'Name of the employer (used when it is not registered yet).' })
  enterpriseName: string;

  @Field({ description: 'Occupation code of the 2022 classification (a 2015 code only through the mapping table).' })
  occupationCode: string;

  @Field()
  jobTitle: string;

  @Field(() => Int, { description: '1 to 100,000.' })
  headcount: number;

  @Field(() => SkillLevel)
  skillLevel: SkillLevel;

  @Field(() => DecimalScalar, { description: 'Monthly wage, CNY yuan.' })
  wageMin: string;

  @Field(() => DecimalScalar, { description: 'Monthly wage, CNY yuan; not below `wageMin`.' })
  wageMax: string;

  @Field({ description: 'Six-digit region code of the workplace; must lie in your region.' })
  regionCode: string;

  @Field(() => String, { nullable: true })
  tasks?: string | null;

  @Field(() => DateScalar, { description: 'Not before today (China time).' })
  validUntil: string;

  @Field(() => PostDemandStatus, { nullable: true, description: '`OPEN` (default), `FILLED` or `WITHDRAWN`.' })
  status?: PostDemandStatus | null;
}

@InputType()
export class SyncPostDemandsInput {
  @Field({ description: 'Source name, e.g. `dalian-hr-market`; an AGENCY may only sync its own.' })
  @Matches(SOURCE_NAME, { message: 'source must be a name like dalian-hr-market (a–z, 0–9, -)' })
  source: string;

  @Field(() => [SyncPostDemandItemInput], { description: `Up to ${MAX_SYNC_ITEMS.toLocaleString('en')} items.` })
  @ArrayMaxSize(MAX_SYNC_ITEMS, { message: `items may hold at most ${MAX_SYNC_ITEMS} entries per call` })
  items: SyncPostDemandItemInput[];
}

@ObjectType({ simpleResolvers: true, description: 'The outcome for one item, in the order of `input.items`.' })
export class SyncPostDemandResult {
  @Field()
  externalId: string;

  @Field(() => SyncItemStatus)
  status: SyncItemStatus;

  @Field(() => ID, { nullable: true, description: 'Global id of the stored line (null when REJECTED).' })
  postDemandId: string | null;

  @Field(() => [UserError], { description: 'This item\'s problems, with `field` paths like `["input", "items", "3", "headcount"]`.' })
  userErrors: UserError[];
}

@ObjectType()
export class SyncPostDemandsPayload extends Payload {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => [SyncPostDemandResult], { description: 'One per input item, in input order; empty when the whole call was refused (see `userErrors`).' })
  results: SyncPostDemandResult[];

  @Field({ description: 'True when this is the stored answer to an earlier call with the same `Idempotency-Key` header; nothing was written this time.' })
  replayed: boolean;
}
