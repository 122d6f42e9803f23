import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { PostDemand as PostDemandEntity } from '../../domain/demand/post-demand.entity';
import { MatchReasonCode } from '../../domain/matching/match-scoring';
import type { JobSeeker as JobSeekerEntity } from '../../domain/seeker/job-seeker.entity';
import type { Course as CourseEntity } from '../../domain/supply/course.entity';
import type { SubsidyQuote as QuoteShape } from '../../domain/supply/subsidy-quote';
import { PostDemand } from '../demand/post-demand.types';
import { JobSeeker } from '../seeker/job-seeker.types';
import { Course } from '../supply/course.types';
import { SubsidyQuote } from '../supply/subsidy.types';
import { DecimalScalar } from '../common/scalars';

registerEnumType(MatchReasonCode, {
  name: 'MatchReasonCode',
  description: 'Why a match scores: one code per signal of the formula (README, "Matching").',
  valuesConfig: {
    TARGET_OCCUPATION: { description: '求职意向职业' },
    MAJOR: { description: '与所学专业相关' },
    RELATED_OCCUPATION: { description: '与求职意向相近的职业' },
    GROUP_TARGETED: { description: '面向本人所属重点群体的专项培训' },
    SHORTAGE: { description: '急需紧缺职业，补贴上浮' },
    LOCAL_DEMAND: { description: '本市岗位需求' },
    ORDER_BASED: { description: '订单式培训，对接企业岗位' },
    NET_COST: { description: '补贴后个人负担低' },
    NEXT_RUNG: { description: '下一技能等级' },
    SOONER_START: { description: '开班时间近' },
    PLACEMENT: { description: '培训机构往期学员就业率' },
    LEVEL_JUMP: { description: '跨级培训，需先取得中间等级（扣减分数）' },
    READY_NOW: { description: '已具备岗位要求的技能等级，可直接上岗' },
    BRIDGING_COURSE: { description: '经一门培训可胜任岗位' },
    VOUCHER: { description: '持有可用于本课程的培训券' },
    VOUCHER_OCCUPATION: { description: '培训券指定的职业（相关度）' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One signal of a match score, for people.' })
export class MatchReason {
  @Field(() => MatchReasonCode)
  code: MatchReasonCode;

  @Field({ description: 'In Chinese, e.g. "本市岗位需求 35 人".' })
  label: string;

  @Field(() => Float, { description: 'What this signal added to the score (its weight times its factor).' })
  weight: number;
}

@ObjectType({ simpleResolvers: true })
export class CourseMatch {
  @Field(() => Course)
  course: CourseEntity;

  @Field(() => Float, { description: 'The sum of the reasons\' weights; higher is better.' })
  score: number;

  @Field(() => Int, { description: '1 for the best match.' })
  rank: number;

  @Field(() => [MatchReason], { description: 'Largest contribution first.' })
  reasons: MatchReason[];

  @Field(() => SubsidyQuote, { description: "The subsidy for this person, their key groups' supplements included." })
  subsidy: QuoteShape;

  @Field(() => Int, { description: "Open post demand for the course's occupation in the seeker's city." })
  openDemandHeadcount: number;
}

@ObjectType({ simpleResolvers: true })
export class CourseMatches {
  @Field(() => [CourseMatch])
  nodes: CourseMatch[];

  @Field({ description: 'True when the search engine was down and PostgreSQL alone chose the courses: eligibility holds, relevance is simpler.' })
  degraded: boolean;
}

@ObjectType({ simpleResolvers: true })
export class CandidateMatch {
  @Field(() => JobSeeker)
  jobSeeker: JobSeekerEntity;

  @Field(() => Float)
  score: number;

  @Field(() => Int)
  rank: number;

  @Field(() => [MatchReason])
  reasons: MatchReason[];

  @Field(() => SubsidyQuote, { description: 'What this person would get on the course.' })
  subsidy: QuoteShape;
}

@ObjectType({ simpleResolvers: true })
export class CandidateMatches {
  @Field(() => [CandidateMatch])
  nodes: CandidateMatch[];
}

@ObjectType({ simpleResolvers: true })
export class DemandMatch {
  @Field(() => PostDemand)
  postDemand: PostDemandEntity;

  @Field(() => Float)
  score: number;

  @Field(() => Int)
  rank: number;

  @Field(() => [MatchReason])
  reasons: MatchReason[];

  @Field(() => Course, { nullable: true, description: 'Null: the seeker could fill the post now. Otherwise the one course that closes the gap.' })
  bridgingCourse: CourseEntity | null;
}

@ObjectType({ simpleResolvers: true })
export class DemandMatches {
  @Field(() => [DemandMatch])
  nodes: DemandMatch[];

  @Field({ description: 'True when bridging courses were chosen without the search engine.' })
  degraded: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A job seeker a published shortage catalog newly gives a higher subsidy uplift on an occupation they target.' })
export class UpliftedSeeker {
  @Field(() => JobSeeker)
  jobSeeker: JobSeekerEntity;

  @Field()
  occupationCode: string;

  @Field(() => DecimalScalar, { description: 'The uplift under the catalog this one superseded (0.00 when not listed there).' })
  previousUpliftPercent: string;
}

@ObjectType({ simpleResolvers: true })
export class UpliftedSeekers {
  @Field(() => [UpliftedSeeker])
  nodes: UpliftedSeeker[];
}
