import { regionAndAncestors } from '../../search/post-demands.index';
import { SKILL_LEVEL_TERMS, type SkillLevel } from '../skills/skill-level';
import { formatPercent, formatYuan, maxFen, parsePercent, percentOf, yuan, type Fen } from './money';
import { SEEKER_GROUP_TERMS, SeekerGroup, SubsidyKind, SubsidyUnit, type ShortageLevel, type TrainingType } from './supply-enums';

/** The facts of a course a quote depends on. */
export interface QuotedCourse {
  id: string;
  regionCode: string;
  occupationCode: string;
  skillLevel: SkillLevel;
  trainingType: TrainingType;
  startsOn: string;
  endsOn: string;
  fee: string;
}

/** A subsidy standard as the quote sees it (a row of `subsidy_standard`). */
export interface StandardFact {
  id: string;
  regionCode: string;
  kind: SubsidyKind;
  occupationCode: string | null;
  skillLevel: SkillLevel | null;
  trainingType: TrainingType | null;
  seekerGroup: SeekerGroup | null;
  amount: string;
  unit: SubsidyUnit;
  effectiveFrom: string;
  effectiveUntil: string | null;
  basis: string | null;
}

/** The shortage catalog entry in force for the course's region, occupation and start date. */
export interface ShortageFact {
  catalogId: string;
  catalogTitle: string;
  /** The catalog's period (e.g. `2026`) and its region's name, for short labels. */
  catalogPeriod: string;
  catalogRegionName: string;
  regionCode: string;
  entryId: string;
  level: ShortageLevel;
  subsidyUpliftPercent: string;
}

export interface QuoteFacts {
  /** Null when the provider is admitted for the whole course; otherwise why it is not (Chinese, for people). */
  notAdmittedReason: string | null;
  /** Standards of the course's region and the regions above it (any kind, any dates): the quote picks. */
  standards: readonly StandardFact[];
  shortage: ShortageFact | null;
  /** The trainee's key groups; empty without a trainee. */
  groups: readonly SeekerGroup[];
}

export enum SubsidyLineKind {
  BASE = 'BASE',
  SHORTAGE_UPLIFT = 'SHORTAGE_UPLIFT',
  GROUP_SUPPLEMENT = 'GROUP_SUPPLEMENT',
  CERTIFICATE = 'CERTIFICATE',
  NOT_ADMITTED = 'NOT_ADMITTED',
  NO_STANDARD = 'NO_STANDARD',
  /** A subsidy claim's line for a competition finalist; never part of a course quote. */
  COMPETITION = 'COMPETITION',
}

export interface SubsidyLine {
  kind: SubsidyLineKind;
  /** For people, in Chinese: what the amount is and where it comes from. */
  label: string;
  amount: string;
  /** False for amounts paid on another occasion (a certificate subsidy is paid on certification). */
  includedInTotal: boolean;
  standardId: string | null;
  catalogId: string | null;
  catalogEntryId: string | null;
}

export interface SubsidyQuote {
  courseId: string;
  fee: string;
  baseSubsidy: string;
  shortageUpliftPercent: string;
  shortageUplift: string;
  groupSupplements: string;
  totalSubsidy: string;
  netCost: string;
  lines: SubsidyLine[];
  /** Whether any subsidy applies at all (provider admitted and a standard found). */
  subsidised: boolean;
}

/** `YYYY-MM-DD` moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day: compares and counts days without formatting dates,
 * which matters in what runs for every candidate of a match.
 */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/**
 * Started years of a course (at least one): what a PER_PERSON_YEAR amount is multiplied by. Counted
 * by the calendar, as anniversaries of the start day up to the last day, so a two-year course
 * (2026-09-01 to 2028-08-31) is two years even across a 29 February; a 29 February start has its
 * anniversary on 1 March in other years.
 */
export function startedYears(startsOn: string, endsOn: string): bigint {
  const year = Number(startsOn.slice(0, 4));
  const monthDay = startsOn.slice(4);
  let years = 1;
  while (`${year + years}${monthDay}` <= endsOn) years++;
  return BigInt(years);
}

/**
 * The standard that applies, or undefined. Candidates must be of `kind`, in force on `on`, and
 * match the course where they name an occupation, level, training type (and group). Among them:
 * the nearest region wins (district, then city, then province: a city without its own standard
 * inherits its province's), then the more specific (occupation 4, level 2, training type 1), then
 * the latest `effectiveFrom`, then the latest id.
 */
export function pickStandard(
  standards: readonly StandardFact[],
  kind: SubsidyKind,
  course: Pick<QuotedCourse, 'regionCode' | 'occupationCode' | 'skillLevel' | 'trainingType'>,
  on: string,
  group: SeekerGroup | null = null,
): StandardFact | undefined {
  const chain = regionAndAncestors(course.regionCode);
  let best: StandardFact | undefined;
  let bestDepth = 0;
  let bestSpecificity = 0;
  for (const s of standards) {
    if (s.kind !== kind || s.seekerGroup !== group) continue;
    const depth = chain.indexOf(s.regionCode);
    if (depth < 0) continue;
    if (s.effectiveFrom > on || (s.effectiveUntil !== null && s.effectiveUntil < on)) continue;
    if (s.occupationCode !== null && s.occupationCode !== course.occupationCode) continue;
    if (s.skillLevel !== null && s.skillLevel !== course.skillLevel) continue;
    if (s.trainingType !== null && s.trainingType !== course.trainingType) continue;
    const specificity = (s.occupationCode ? 4 : 0) + (s.skillLevel ? 2 : 0) + (s.trainingType ? 1 : 0);
    if (!best || outranks(s, depth, specificity, best, bestDepth, bestSpecificity)) {
      best = s;
      bestDepth = depth;
      bestSpecificity = specificity;
    }
  }
  return best;
}

/** Nearer region, then more specific, then later `effectiveFrom` (ISO dates compare as text), then later id. */
function outranks(s: StandardFact, depth: number, specificity: number, best: StandardFact, bestDepth: number, bestSpecificity: number): boolean {
  if (depth !== bestDepth) return depth < bestDepth;
  if (specificity !== bestSpecificity) return specificity > bestSpecificity;
  if (s.effectiveFrom !== best.effectiveFrom) return s.effectiveFrom > best.effectiveFrom;
  return Number(s.id) > Number(best.id);
}

function amountOf(standard: StandardFact, course: QuotedCourse): { fen: Fen; per: string } {
  if (standard.unit === SubsidyUnit.PER_PERSON_YEAR) {
    const years = startedYears(course.startsOn, course.endsOn);
    return { fen: yuan(standard.amount) * years, per: `${standard.amount} 元/人·年 × ${years} 年` };
  }
  return { fen: yuan(standard.amount), per: `${standard.amount} 元/人` };
}

const standardName = (s: StandardFact) => `补贴标准 #${s.id}（${s.regionCode}，${s.effectiveFrom} 起${s.basis ? `，${s.basis}` : ''}）`;

/**
 * A course's subsidy for one trainee, line by line, from the standard in force on the course's
 * start date, the shortage catalog entry in force then, and the trainee's groups. Net cost is the
 * fee less the total, never below zero (supplements such as living-cost support may exceed it).
 */
export function quoteSubsidy(course: QuotedCourse, facts: QuoteFacts): SubsidyQuote {
  const fee = yuan(course.fee);
  const lines: SubsidyLine[] = [];
  const line = (kind: SubsidyLineKind, label: string, amount: Fen, refs: Partial<Pick<SubsidyLine, 'standardId' | 'catalogId' | 'catalogEntryId'>> = {}, includedInTotal = true) =>
    lines.push({ kind, label, amount: formatYuan(amount), includedInTotal, standardId: refs.standardId ?? null, catalogId: refs.catalogId ?? null, catalogEntryId: refs.catalogEntryId ?? null });

  let base = 0n;
  let upliftPercent = 0n;
  let uplift = 0n;
  let supplements = 0n;
  if (facts.notAdmittedReason !== null) {
    line(SubsidyLineKind.NOT_ADMITTED, `不予补贴：${facts.notAdmittedReason}`, 0n);
  } else {
    const standard = pickStandard(facts.standards, SubsidyKind.TRAINING, course, course.startsOn);
    if (!standard) {
      line(SubsidyLineKind.NO_STANDARD, `${course.startsOn} 无适用于本课程地区、职业、等级和培训类型的培训补贴标准`, 0n);
    } else {
      const { fen, per } = amountOf(standard, course);
      base = fen;
      line(SubsidyLineKind.BASE, `培训补贴 ${per}：${standardName(standard)}`, base, { standardId: standard.id });
      if (facts.shortage) {
        upliftPercent = parsePercent(facts.shortage.subsidyUpliftPercent) ?? 0n;
        uplift = percentOf(base, upliftPercent);
        line(
          SubsidyLineKind.SHORTAGE_UPLIFT,
          `急需紧缺职业（${facts.shortage.catalogTitle}）补贴上浮 ${formatPercent(upliftPercent)}%`,
          uplift,
          { catalogId: facts.shortage.catalogId, catalogEntryId: facts.shortage.entryId },
        );
      }
    }
    for (const group of [...new Set(facts.groups)].sort()) {
      const supplement = pickStandard(facts.standards, SubsidyKind.GROUP_SUPPLEMENT, course, course.startsOn, group);
      if (!supplement) continue;
      const { fen, per } = amountOf(supplement, course);
      supplements += fen;
      line(SubsidyLineKind.GROUP_SUPPLEMENT, `${SEEKER_GROUP_TERMS[group]}补贴 ${per}：${standardName(supplement)}`, fen, { standardId: supplement.id });
    }
    const certificate = pickStandard(facts.standards, SubsidyKind.CERTIFICATE, course, course.endsOn);
    if (certificate) {
      line(
        SubsidyLineKind.CERTIFICATE,
        `取得${SKILL_LEVEL_TERMS[course.skillLevel]}证书后另发技能提升补贴 ${certificate.amount} 元（不计入本次培训补贴）：${standardName(certificate)}`,
        yuan(certificate.amount),
        { standardId: certificate.id },
        false,
      );
    }
  }
  const total = base + uplift + supplements;
  return {
    courseId: course.id,
    fee: formatYuan(fee),
    baseSubsidy: formatYuan(base),
    shortageUpliftPercent: formatPercent(upliftPercent),
    shortageUplift: formatYuan(uplift),
    groupSupplements: formatYuan(supplements),
    totalSubsidy: formatYuan(total),
    netCost: formatYuan(maxFen(fee - total, 0n)),
    lines,
    subsidised: total > 0n,
  };
}
