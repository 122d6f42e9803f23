import { apprenticeshipOn, type ApprenticeCandidate } from '../apprenticeship/apprentice-rules';
import { formatYuan, yuan } from '../supply/money';
import { CourseMode, CourseStatus, SEEKER_GROUP_TERMS, SeekerGroup, ShortageLevel, TrainingType } from '../supply/supply-enums';
import { dayNumber, type SubsidyQuote, type ShortageFact } from '../supply/subsidy-quote';
import { SKILL_LEVEL_TERMS, SKILL_LEVELS, SkillLevel, skillRank } from '../skills/skill-level';
import { voucherMisfit } from '../voucher/voucher-rules';
import type { MatchWeights } from './match-weights';

/** The person a match is for, as matching needs them (no personal data). */
export interface MatchSeeker {
  id: string;
  regionCode: string;
  currentSkillLevel: SkillLevel | null;
  /** Effective key groups today (COLLEGE_GRADUATE derived from the dates). */
  groups: readonly SeekerGroup[];
  targetOccupationCodes: readonly string[];
  major: string | null;
  /** Dates of the courses the seeker holds a seat on that have not ended: a course overlapping them could not be taken. */
  bookedPeriods: readonly { startsOn: string; endsOn: string }[];
  /** Training vouchers the seeker could use today, soonest to expire first. */
  vouchers: readonly HeldVoucher[];
  /** What decides whether they are an enterprise's new apprentice on a course's first day. */
  apprentice: ApprenticeCandidate;
}

/** A training voucher as matching reads it: what decides the courses it pays for, and what a reason names. */
export interface HeldVoucher {
  number: string;
  regionCode: string;
  occupationCode: string | null;
  occupationName: string | null;
  validUntil: string;
}

/** The voucher that would pay for this course, or null: one naming the occupation before one for any, soonest to expire first. */
export function voucherFor(
  seeker: Pick<MatchSeeker, 'vouchers'>,
  course: MatchCourse,
  quote: Pick<SubsidyQuote, 'subsidised' | 'totalSubsidy'>,
): HeldVoucher | null {
  const fitting = seeker.vouchers.filter((v) => voucherMisfit(v, course, quote) === null);
  return fitting.find((v) => v.occupationCode !== null) ?? fitting[0] ?? null;
}

/** A course as eligibility sees it; the live PostgreSQL row, never a search document that may lag. */
export interface MatchCourse {
  id: string;
  occupationCode: string;
  skillLevel: SkillLevel;
  mode: CourseMode;
  regionCode: string;
  status: CourseStatus;
  capacity: number;
  enrolled: number;
  startsOn: string;
  endsOn: string;
  eligibleGroups: readonly SeekerGroup[];
  trainingType: TrainingType;
}

/** The prefecture-level city of a region: `210204` → `210200`; a city or province stands for itself. */
export const cityOf = (regionCode: string) => (regionCode.endsWith('0000') ? regionCode : `${regionCode.slice(0, 4)}00`);

/** The rung training should aim at next: one above the current level, or the first certificate (五级/初级工) for someone without one. */
export function nextRungRank(current: SkillLevel | null): number {
  return current === null ? skillRank(SkillLevel.JUNIOR) : skillRank(current) + 1;
}

/**
 * Why the course cannot be offered to the seeker, or null when it can: published and not started,
 * seats left, in the seeker's city or online, open to one of the seeker's groups when it names any,
 * above the seeker's level, subsidised for them (provider admitted on the course dates), and
 * clear of the dates of courses the seeker is already enrolled in (enrolment would refuse it).
 */
export function ineligibility(course: MatchCourse, seeker: MatchSeeker, quote: Pick<SubsidyQuote, 'subsidised' | 'lines'>, today: string): string | null {
  if (course.status !== CourseStatus.PUBLISHED) return 'not published';
  if (course.startsOn < today) return 'already started';
  if (course.enrolled >= course.capacity) return 'no seats left';
  if (course.mode !== CourseMode.ONLINE && cityOf(course.regionCode) !== cityOf(seeker.regionCode)) return 'in another city';
  if (course.eligibleGroups.length > 0 && !course.eligibleGroups.some((g) => seeker.groups.includes(g))) return 'for other groups';
  if (seeker.currentSkillLevel !== null && skillRank(course.skillLevel) <= skillRank(seeker.currentSkillLevel)) return 'not above the current level';
  if (course.trainingType === TrainingType.NEW_APPRENTICESHIP && !apprenticeshipOn(seeker.apprentice, course.startsOn)) return 'new apprenticeship, and no enterprise apprentice on its first day';
  if (!quote.subsidised) return 'not subsidised';
  if (seeker.bookedPeriods.some((p) => course.startsOn <= p.endsOn && course.endsOn >= p.startsOn)) return 'overlaps a course the seeker is enrolled in';
  return null;
}

export enum MatchReasonCode {
  TARGET_OCCUPATION = 'TARGET_OCCUPATION',
  MAJOR = 'MAJOR',
  RELATED_OCCUPATION = 'RELATED_OCCUPATION',
  GROUP_TARGETED = 'GROUP_TARGETED',
  SHORTAGE = 'SHORTAGE',
  LOCAL_DEMAND = 'LOCAL_DEMAND',
  ORDER_BASED = 'ORDER_BASED',
  NET_COST = 'NET_COST',
  NEXT_RUNG = 'NEXT_RUNG',
  SOONER_START = 'SOONER_START',
  /** The provider's past trainees found jobs: courses that lead to real work. */
  PLACEMENT = 'PLACEMENT',
  /** A course two or more rungs above the next one: the levels between come first. */
  LEVEL_JUMP = 'LEVEL_JUMP',
  /** Job matches: the seeker already holds the level the post asks for. */
  READY_NOW = 'READY_NOW',
  /** Job matches: one course brings the seeker to the level the post asks for. */
  BRIDGING_COURSE = 'BRIDGING_COURSE',
  /** The seeker holds a training voucher that pays for the course: the bureau has chosen them for it. */
  VOUCHER = 'VOUCHER',
  /** Relevance: the course's occupation is the one a voucher the seeker holds was issued for. */
  VOUCHER_OCCUPATION = 'VOUCHER_OCCUPATION',
}

export interface MatchReason {
  code: MatchReasonCode;
  /** For people, in Chinese. */
  label: string;
  /** What the signal added to the score (weight × factor), four places. */
  weight: number;
}

/** Why a course is about what the person wants: the strongest of the ways it was found. */
export interface Relevance {
  code: MatchReasonCode.TARGET_OCCUPATION | MatchReasonCode.VOUCHER_OCCUPATION | MatchReasonCode.MAJOR | MatchReasonCode.RELATED_OCCUPATION | MatchReasonCode.GROUP_TARGETED;
  /** 0..1 */
  value: number;
  label: string;
}

/** Relevance of each way of being found: a named target (or a voucher's occupation) beats text about a major or a related name, which beat a course merely open to the person's group. */
export const RELEVANCE = {
  target: 1,
  /** The occupation a bureau issued the person a voucher for: chosen for them, a step short of chosen by them. */
  voucherOccupation: 0.9,
  /** Times Meilisearch's ranking score (0..1) of the major's text against the course. */
  major: 0.8,
  /** Another occupation of a target's minor group in the classification (家政 for someone who wants 养老). */
  neighbour: 0.5,
  groupTargeted: 0.4,
  /** The PostgreSQL fallback has no ranking score: a text hit counts this much. */
  textWithoutScore: 0.6,
} as const;

/** Below this a course is noise, not a match: nothing about it relates to the person. */
export const MIN_RELEVANCE = 0.35;

/** "面向…的专项培训": the relevance of a course reserved for groups the person belongs to; null when it names none of them. */
export function groupReservedRelevance(courseGroups: readonly SeekerGroup[], seekerGroups: readonly SeekerGroup[]): Relevance | null {
  const shared = courseGroups.filter((g) => seekerGroups.includes(g));
  if (shared.length === 0) return null;
  return { code: MatchReasonCode.GROUP_TARGETED, value: RELEVANCE.groupTargeted, label: `面向${shared.map((g) => SEEKER_GROUP_TERMS[g]).join('、')}的专项培训` };
}

/** The policy facts about one course for one person. */
export interface MatchSignals {
  relevance: Relevance;
  /** The catalog entry that raises this course's subsidy, from the quote. */
  shortage: ShortageFact | null;
  /** Open, valid post demand for the course's occupation in the seeker's city. */
  openDemandHeadcount: number;
  /** Open post demand the course is linked to (订单式), by enterprise. */
  linkedDemand: readonly { enterpriseName: string; headcount: number }[];
  netCost: string;
  courseLevel: SkillLevel;
  seekerLevel: SkillLevel | null;
  startsOn: string;
  /** The provider's reported outcomes so far: trainees who completed its courses, and those employed. */
  placement: Placement | null;
  /** The seeker's voucher that would pay for the course (`voucherFor`). */
  voucher: HeldVoucher | null;
}

export interface Placement {
  completed: number;
  employed: number;
}

/** Catalog levels as factors: the more severe the shortage, the more the policy wants people trained. */
const SHORTAGE_FACTOR: Record<ShortageLevel, number> = { SEVERE: 1, SHORT: 0.75, MILD: 0.5 };
/** Demand this large (people) counts fully; less counts on a log scale, so the first openings matter most. */
const DEMAND_SATURATION = 50;
/** Linked demand this large counts fully; any link counts at least half. */
const ORDER_SATURATION = 20;
/** Net cost at or above this (yuan) earns nothing for cheapness. */
const NET_COST_CEILING = 6000;
/** A start this many days away or later earns nothing for soonness. */
const START_HORIZON_DAYS = 90;
/** A provider's employment rate counts once this many of its trainees have completed: fewer say little. */
export const PLACEMENT_MIN_COMPLETED = 10;
/** The share of its score a course loses when it skips a rung (or more) above the next one. */
const LEVEL_JUMP_PENALTY = 0.4;

/** The local-demand factor: the first openings matter most; `DEMAND_SATURATION` people or more count fully. */
export const demandFactor = (headcount: number) => Math.min(1, Math.log1p(headcount) / Math.log1p(DEMAND_SATURATION));

/** Scores and reason weights carry four places. */
export const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The score of a match and its reasons, largest first:
 *
 *   score = relevance × (w.relevance + Σ w.signal × factor(signal))
 *
 * over the signals shortage, localDemand, orderBased, netCost, nextRung, soonerStart, placement and voucher, each factor
 * from 0 to 1 (see the constants above). Deterministic: the same signals and weights give the same
 * score; every signal that adds to it is a reason, with what it added (four places).
 */
export function scoreMatch(signals: MatchSignals, weights: MatchWeights, today: string): { score: number; reasons: MatchReason[] } {
  const reasons: MatchReason[] = [];
  const relevance = Math.max(0, Math.min(1, signals.relevance.value));
  // Policy signals count in proportion to relevance: they decide between courses about what the
  // person wants, and cannot lift a course that is barely about it over one that is.
  const add = (code: MatchReasonCode, weight: number, factor: number, label: string) => {
    const contribution = round4(weight * Math.max(0, Math.min(1, factor)) * relevance);
    if (contribution > 0) reasons.push({ code, label, weight: contribution });
  };
  add(signals.relevance.code, weights.relevance, 1, signals.relevance.label);

  if (signals.shortage) {
    const s = signals.shortage;
    add(MatchReasonCode.SHORTAGE, weights.shortage, SHORTAGE_FACTOR[s.level], `急需紧缺职业（${s.catalogRegionName} ${s.catalogPeriod} 目录）: 补贴上浮 ${trimPercent(s.subsidyUpliftPercent)}%`);
  }
  if (signals.openDemandHeadcount > 0) {
    const h = signals.openDemandHeadcount;
    add(MatchReasonCode.LOCAL_DEMAND, weights.localDemand, demandFactor(h), `本市岗位需求 ${h} 人`);
  }
  const linked = signals.linkedDemand.reduce((n, l) => n + l.headcount, 0);
  if (linked > 0) {
    const names = [...new Set(signals.linkedDemand.map((l) => l.enterpriseName))].join('、');
    add(MatchReasonCode.ORDER_BASED, weights.orderBased, 0.5 + 0.5 * Math.min(1, linked / ORDER_SATURATION), `订单式培训: 对接 ${names} ${linked} 个岗位`);
  }
  const netFen = Number(yuan(signals.netCost));
  add(
    MatchReasonCode.NET_COST,
    weights.netCost,
    1 - Math.min(netFen, NET_COST_CEILING * 100) / (NET_COST_CEILING * 100),
    netFen === 0 ? '补贴后个人免费' : `补贴后个人自付 ${formatYuan(yuan(signals.netCost))} 元`,
  );
  const gap = skillRank(signals.courseLevel) - nextRungRank(signals.seekerLevel);
  if (gap <= 0) add(MatchReasonCode.NEXT_RUNG, weights.nextRung, 1, `下一技能等级: ${SKILL_LEVEL_TERMS[signals.courseLevel]}`);
  else if (gap === 1) add(MatchReasonCode.NEXT_RUNG, weights.nextRung, 0.35, `跨一级提升至 ${SKILL_LEVEL_TERMS[signals.courseLevel]}`);
  const days = Math.max(0, dayNumber(signals.startsOn) - dayNumber(today));
  add(MatchReasonCode.SOONER_START, weights.soonerStart, 1 - Math.min(days, START_HORIZON_DAYS) / START_HORIZON_DAYS, days === 0 ? '今天开班' : `${days} 天后开班（${signals.startsOn}）`);
  const placement = signals.placement;
  if (placement && placement.completed >= PLACEMENT_MIN_COMPLETED && placement.employed > 0) {
    const rate = placement.employed / placement.completed;
    add(MatchReasonCode.PLACEMENT, weights.placement, rate, `往期学员就业率 ${Math.round(rate * 100)}%（${placement.completed} 人结业）`);
  }
  if (signals.voucher) add(MatchReasonCode.VOUCHER, weights.voucher, 1, `可使用培训券 ${signals.voucher.number}（有效期至 ${signals.voucher.validUntil}）`);

  if (gap >= 2) {
    // 三级 needs 四级 first: such a course is a later step, kept but behind the steps before it.
    const before = reasons.reduce((n, r) => n + r.weight, 0);
    const missing = SKILL_LEVELS[nextRungRank(signals.seekerLevel)];
    reasons.push({ code: MatchReasonCode.LEVEL_JUMP, label: `跨级培训: 需先取得 ${SKILL_LEVEL_TERMS[missing]}`, weight: -round4(before * LEVEL_JUMP_PENALTY) });
  }
  const score = round4(reasons.reduce((n, r) => n + r.weight, 0));
  return { score, reasons: reasons.sort((a, b) => b.weight - a.weight) };
}

/** `10.00` → `10`, `8.50` → `8.5`: percentages as people write them. */
function trimPercent(percent: string): string {
  return percent.includes('.') ? percent.replace(/\.?0+$/, '') : percent;
}

/** Best first; equal scores by sooner start, then by id, so a page never reshuffles. */
export function compareMatches(a: { score: number; startsOn: string; id: string }, b: { score: number; startsOn: string; id: string }): number {
  return b.score - a.score || (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0) || Number(a.id) - Number(b.id);
}
