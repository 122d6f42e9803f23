import type { SearchParams } from 'meilisearch';
import type { DataSource } from 'typeorm';
import { COURSES_INDEX } from '../../search/courses.index';
import type { SearchEngine } from '../../search/engine';
import { validUntilNumber } from '../../search/post-demands.index';
import { regionPrefix, type Principal } from '../../server/auth';
import { NotFoundError } from '../../server/errors';
import type { Logger } from '../../server/logger';
import { markDegraded } from '../../server/request-store';
import { todayInChina } from '../demand/post-demand-rules';
import { canReadSeeker } from '../seeker/job-seeker.service';
import { skillRank } from '../skills/skill-level';
import type { CoursePageRows, CourseSearchService } from '../supply/course-search.service';
import type { Course } from '../supply/course.entity';
import { quoteSubsidy, type SubsidyQuote } from '../supply/subsidy-quote';
import { TrainingType, type CourseMode } from '../supply/supply-enums';
import { loadCandidates, loadSeekersForMatching, type CandidateCourse, type SeekerForMatching } from './match-context';
import {
  cityOf,
  compareMatches,
  ineligibility,
  MatchReasonCode,
  MIN_RELEVANCE,
  RELEVANCE,
  scoreMatch,
  groupReservedRelevance,
  voucherFor,
  type MatchReason,
  type Relevance,
} from './match-scoring';
import type { MatchWeights } from './match-weights';

export interface CourseMatchFilter {
  occupationCode?: string;
  mode?: CourseMode;
  trainingType?: TrainingType;
  /** Starting on or before this day. */
  startsBefore?: string;
}

export interface CourseMatch {
  course: Course;
  score: number;
  rank: number;
  reasons: MatchReason[];
  /** For this person: their groups' supplements included. */
  subsidy: SubsidyQuote;
  /** Open post demand for the course's occupation in the seeker's city. */
  openDemandHeadcount: number;
}

export interface CourseMatchResult {
  nodes: CourseMatch[];
  /** True when Meilisearch was unreachable and PostgreSQL alone chose the candidates. */
  degraded: boolean;
  /** The rows of every course shown, with their provider, occupation and region, to prime loaders. */
  rows: CoursePageRows;
}

/**
 * Candidates each way of finding them brings: enough that the policy signals, not the pool, decide
 * the page. Cut in `NEXT_RUNG_FIRST` order, 20 for a page of 10 gave the same pages as 100 for 92% of
 * 400 benchmark seekers (30 cut in Meilisearch's own order: 47%).
 */
export const candidatePool = (first: number) => Math.min(100, Math.max(20, first * 2));

/**
 * The order a pool is cut from. The filter keeps levels above the person's, so ascending level is
 * the next rung first (the heaviest policy signal between courses of one occupation), then sooner
 * starts. In text queries `sort` is the last ranking rule: it only orders hits of equal relevance,
 * which a major's word gives to hundreds of courses, and cut in Meilisearch's internal order the
 * pool lost better-placed courses on about half of the pages.
 */
const NEXT_RUNG_FIRST = ['skillRank:asc', 'startsOn:asc'];

/** Words in major names that say nothing about the field (现代家政服务与管理 → 家政; 应用化工技术 → 化工). */
const GENERIC_MAJOR_WORDS = /现代|应用|运用|技术|管理|服务|工程|科学|专业/g;

/** Words of a major that name a field (计算机科学与技术 → 计算机; 汽车运用与维修 → 汽车, 维修), at most three. */
export function majorTerms(major: string | null): string[] {
  if (!major) return [];
  const terms = major
    .split(/[与和及、,，/\s()（）]+/)
    .map((t) => t.replace(GENERIC_MAJOR_WORDS, ''))
    .filter((t) => t.length >= 2);
  return [...new Set(terms)].slice(0, 3);
}

/** The classification's minor group of an occupation code: `4-10-01-05` → `4-10-01` (家政、养老、保育 … share it). */
export const occupationSubgroup = (code: string) => code.split('-').slice(0, 3).join('-');

/**
 * The searches one match request sends to Meilisearch, in one multi-search: courses of the person's
 * target occupations; courses the major's words find (names, aliases as synonyms, definitions,
 * titles, descriptions); courses of occupations the targets' names find; and courses opened to the
 * person's key groups. Every one carries the eligibility filter, so nothing ineligible comes back
 * unless the index lags, and PostgreSQL checks that afterwards anyway.
 */
export function courseMatchQueries(seeker: SeekerForMatching, filter: CourseMatchFilter, pool: number): (SearchParams & { q: string; index: string; way: MatchWay })[] {
  const q = JSON.stringify;
  const eligible = [
    // Published, seats left, not started: one flag instead of a status, a seat count and a date
    // range (0.5 of Meilisearch's 2.7 ms per match, measured). `!= false`, not `= true`, so that
    // documents built before the flag existed still count until rebuilt; PostgreSQL checks all
    // three again, and the day a course starts, the housekeeping sweep rebuilds its document.
    'enrollable != false',
    'subsidised = true',
    `(regionCodes = ${q(cityOf(seeker.regionCode))} OR mode = "ONLINE")`,
    seeker.groups.length > 0 ? `(eligibleGroups IS EMPTY OR eligibleGroups IN [${seeker.groups.map((g) => q(g)).join(', ')}])` : 'eligibleGroups IS EMPTY',
  ];
  if (seeker.currentSkillLevel) eligible.push(`skillRank > ${skillRank(seeker.currentSkillLevel)}`);
  if (!mayBeApprentice(seeker)) eligible.push(`trainingType != ${q(TrainingType.NEW_APPRENTICESHIP)}`);
  if (filter.occupationCode) eligible.push(`occupationCode = ${q(filter.occupationCode)}`);
  if (filter.mode) eligible.push(`mode = ${q(filter.mode)}`);
  if (filter.trainingType) eligible.push(`trainingType = ${q(filter.trainingType)}`);
  if (filter.startsBefore) eligible.push(`startsOn <= ${validUntilNumber(filter.startsBefore)}`);

  const base = { index: COURSES_INDEX, limit: pool, attributesToRetrieve: ['id'], sort: NEXT_RUNG_FIRST };
  const scored = { ...base, showRankingScore: true, matchingStrategy: 'last' as const, rankingScoreThreshold: 0.3 };
  const targets = seeker.targetOccupationCodes.map((c) => q(c)).join(', ');
  const subgroups = [...new Set(seeker.targetOccupationCodes.map(occupationSubgroup))].map((g) => q(g)).join(', ');
  const queries: (SearchParams & { q: string; index: string; way: MatchWay })[] = [];
  if (targets) {
    queries.push({ ...base, way: 'target', q: '', filter: [...eligible, `occupationCode IN [${targets}]`] });
    queries.push({ ...base, way: 'neighbour', q: '', filter: [...eligible, `occupationSubgroup IN [${subgroups}]`, `occupationCode NOT IN [${targets}]`] });
  }
  // Each field word on its own: a long major as one query scores low even where a word hits squarely.
  for (const term of majorTerms(seeker.major)) queries.push({ ...scored, way: 'major', q: term, filter: eligible });
  // A voucher the bureau issued for an occupation the person did not name brings that occupation's courses too.
  const voucherCodes = voucherOccupations(seeker).map((c) => q(c)).join(', ');
  if (voucherCodes) queries.push({ ...base, way: 'voucher', q: '', filter: [...eligible, `occupationCode IN [${voucherCodes}]`] });
  // Courses reserved for the person's groups are what we know to offer someone who named no target.
  if (!targets && seeker.groups.length > 0) {
    queries.push({ ...base, way: 'group', q: '', filter: [...eligible, `eligibleGroups IN [${seeker.groups.map((g) => q(g)).join(', ')}]`] });
  }
  return queries;
}

type Hit = { id: string; _rankingScore?: number };

/** How a candidate was found; decides its relevance. */
export type MatchWay = 'target' | 'voucher' | 'neighbour' | 'major' | 'group';

/**
 * New apprenticeship is for an enterprise's own people: without any agreement on file none of its
 * courses can fit, so both ways of finding candidates leave them out (`ineligibility` checks the rest).
 */
const mayBeApprentice = (seeker: SeekerForMatching) => seeker.apprentice.agreements.length > 0;

/** Occupations of the seeker's usable vouchers that are not among their targets. */
function voucherOccupations(seeker: SeekerForMatching): string[] {
  const codes = seeker.vouchers.map((v) => v.occupationCode).filter((code): code is string => code !== null && !seeker.targetOccupationCodes.includes(code));
  return [...new Set(codes)];
}

/**
 * Courses for a job seeker, best first, explained. Meilisearch finds the candidates, PostgreSQL has
 * the last word on eligibility (the index may lag a cancellation or the last seat) and supplies the
 * quote and demand facts; the score is `scoreMatch` (see match-scoring.ts for the formula).
 */
export class CourseMatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchEngine,
    private readonly courseSearch: CourseSearchService,
    private readonly weights: MatchWeights,
    private readonly log: Logger,
  ) {}

  /** The seeker if the principal may read them; NOT_FOUND on `field` otherwise, so ids reveal nothing. */
  async seekerFor(principal: Principal | undefined, seekerId: string, field: string[], today = todayInChina()): Promise<SeekerForMatching> {
    const seeker = (await loadSeekersForMatching(this.dataSource.manager, [seekerId], today)).get(seekerId);
    if (!seeker || !canReadSeeker(principal, seeker)) throw new NotFoundError('JobSeeker', seekerId, field);
    return seeker;
  }

  async matchesFor(principal: Principal | undefined, seekerId: string, first: number, filter: CourseMatchFilter = {}, today = todayInChina()): Promise<CourseMatchResult> {
    const seeker = await this.seekerFor(principal, seekerId, ['seekerId'], today);
    return this.matches(seeker, first, filter, today);
  }

  async matches(seeker: SeekerForMatching, first: number, filter: CourseMatchFilter, today: string): Promise<CourseMatchResult> {
    const pool = candidatePool(first);
    let found: Map<string, Relevance>;
    let degraded = false;
    try {
      found = await this.candidatesFromSearch(seeker, filter, pool);
    } catch (err) {
      this.log.warn('course search unavailable, matching from PostgreSQL', { err });
      markDegraded();
      degraded = true;
      found = await this.candidatesFromDatabase(seeker, today, filter, pool);
    }
    const best = (await this.rank(seeker, found, today)).slice(0, first);
    // Only the courses shown are loaded whole, with what a list shows beside them.
    const rows = await this.courseSearch.loadPage(best.map((m) => m.id));
    const byId = new Map(rows.courses.map((c) => [c.id, c]));
    const nodes = best
      .filter((m) => byId.has(m.id))
      .map(({ id, startsOn: _startsOn, ...m }, i) => ({ ...m, course: byId.get(id)!, rank: i + 1 }));
    return { nodes, degraded, rows };
  }

  private async candidatesFromSearch(seeker: SeekerForMatching, filter: CourseMatchFilter, pool: number): Promise<Map<string, Relevance>> {
    const queries = courseMatchQueries(seeker, filter, pool);
    if (queries.length === 0) return new Map();
    const results = await this.search.multiSearch<Hit>(queries.map(({ way: _way, ...query }) => query));
    const found = new Map<string, Relevance>();
    const targetNames = [...seeker.targetNames.values()].join('、');
    queries.forEach(({ way }, i) => {
      for (const hit of results[i].hits) {
        const score = hit._rankingScore ?? 0;
        const relevance: Relevance =
          way === 'target' ? targetRelevance()
          : way === 'voucher' ? voucherRelevance()
          : way === 'major' ? majorRelevance(seeker.major!, RELEVANCE.major * score)
          : way === 'neighbour' ? { code: MatchReasonCode.RELATED_OCCUPATION, value: RELEVANCE.neighbour, label: `与求职意向 ${targetNames} 同属一类职业` }
          : groupRelevance();
        const known = found.get(hit.id);
        if (!known || relevance.value > known.value) found.set(hit.id, relevance);
      }
    });
    return found;
  }

  /** Simpler relevance when Meilisearch is down: targets and vouchers' occupations, the major's words in names and texts, courses for the person's groups. */
  private async candidatesFromDatabase(seeker: SeekerForMatching, today: string, filter: CourseMatchFilter, pool: number): Promise<Map<string, Relevance>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [
      `c.status = 'PUBLISHED'`,
      `c.starts_on >= ${param(today)}::date`,
      'c.enrolled < c.capacity',
      `(c.region_code LIKE ${param(regionPrefix(cityOf(seeker.regionCode)) + '%')} OR c.mode = 'ONLINE')`,
      `(cardinality(c.eligible_groups) = 0 OR c.eligible_groups && ${param(seeker.groups)}::seeker_group[])`,
    ];
    if (seeker.currentSkillLevel) where.push(`c.skill_level > ${param(seeker.currentSkillLevel)}::skill_level`);
    if (filter.occupationCode) where.push(`c.occupation_code = ${param(filter.occupationCode)}`);
    if (filter.mode) where.push(`c.mode = ${param(filter.mode)}`);
    if (filter.trainingType) where.push(`c.training_type = ${param(filter.trainingType)}`);
    if (!mayBeApprentice(seeker)) where.push(`c.training_type <> ${param(TrainingType.NEW_APPRENTICESHIP)}::training_type`);
    if (filter.startsBefore) where.push(`c.starts_on <= ${param(filter.startsBefore)}::date`);
    const target = `c.occupation_code = ANY(${param(seeker.targetOccupationCodes)}::text[])`;
    const voucher = `c.occupation_code = ANY(${param(voucherOccupations(seeker))}::text[])`;
    const likes = majorTerms(seeker.major).map((t) => `%${t.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    const text = `(c.title ILIKE ANY(${param(likes)}::text[]) OR c.description ILIKE ANY($${params.length}::text[])
                   OR o.name ILIKE ANY($${params.length}::text[]) OR o.definition ILIKE ANY($${params.length}::text[])
                   OR EXISTS (SELECT 1 FROM unnest(o.aliases) a WHERE a ILIKE ANY($${params.length}::text[])))`;
    const grouped = seeker.targetOccupationCodes.length > 0 ? 'false' : `c.eligible_groups && ${param(seeker.groups)}::seeker_group[]`;
    const rows: { id: string; is_target: boolean; is_voucher: boolean; is_text: boolean; is_grouped: boolean }[] = await this.dataSource.query(
      `SELECT c.id::text AS id, ${target} AS is_target, ${voucher} AS is_voucher, ${text} AS is_text, ${grouped} AS is_grouped
         FROM course c LEFT JOIN occupation o ON o.code = c.occupation_code
        WHERE ${where.join(' AND ')} AND (${target} OR ${voucher} OR ${text} OR ${grouped})
        ORDER BY ${target} DESC, ${voucher} DESC, c.skill_level, c.starts_on, c.id
        LIMIT ${pool * 3}`,
      params,
    );
    const found = new Map<string, Relevance>();
    for (const r of rows) {
      if (r.is_target) found.set(r.id, targetRelevance());
      else if (r.is_voucher) found.set(r.id, voucherRelevance());
      else if (r.is_text && seeker.major) found.set(r.id, majorRelevance(seeker.major, RELEVANCE.textWithoutScore));
      else if (r.is_grouped) found.set(r.id, groupRelevance());
    }
    return found;
  }

  /** Every eligible, relevant candidate with its score and reasons, best first. */
  private async rank(seeker: SeekerForMatching, found: Map<string, Relevance>, today: string): Promise<ScoredCandidate[]> {
    const relevant = [...found].filter(([, r]) => r.value >= MIN_RELEVANCE).map(([id]) => id);
    if (relevant.length === 0) return [];
    const { courses, demand, facts } = await loadCandidates(this.dataSource.manager, relevant, cityOf(seeker.regionCode), today);
    const scored: ScoredCandidate[] = [];
    for (const course of courses) {
      const subsidy = quoteSubsidy(course, { ...facts.get(course.id)!, groups: seeker.groups });
      if (ineligibility(course, seeker, subsidy, today) !== null) continue;
      const openDemandHeadcount = demand.headcountByOccupation.get(course.occupationCode) ?? 0;
      const { score, reasons } = scoreMatch(
        {
          relevance: labelled(found.get(course.id)!, course, seeker),
          shortage: facts.get(course.id)!.shortage,
          openDemandHeadcount,
          linkedDemand: demand.linkedByCourse.get(course.id) ?? [],
          netCost: subsidy.netCost,
          courseLevel: course.skillLevel,
          seekerLevel: seeker.currentSkillLevel,
          startsOn: course.startsOn,
          placement: demand.placementByProvider.get(course.providerId) ?? null,
          voucher: voucherFor(seeker, course, subsidy),
        },
        this.weights,
        today,
      );
      scored.push({ id: course.id, startsOn: course.startsOn, score, reasons, subsidy, openDemandHeadcount });
    }
    return scored.sort(compareMatches);
  }
}

interface ScoredCandidate extends Omit<CourseMatch, 'course' | 'rank'> {
  id: string;
  startsOn: string;
}

/** Names the target or the groups a relevance is about, once the course is known. */
function labelled(relevance: Relevance, course: CandidateCourse, seeker: SeekerForMatching): Relevance {
  if (relevance.code === MatchReasonCode.TARGET_OCCUPATION) {
    return { ...relevance, label: `求职意向: ${seeker.targetNames.get(course.occupationCode) ?? course.occupationCode}` };
  }
  if (relevance.code === MatchReasonCode.VOUCHER_OCCUPATION) {
    const voucher = seeker.vouchers.find((v) => v.occupationCode === course.occupationCode);
    return { ...relevance, label: `培训券指定职业: ${voucher?.occupationName ?? course.occupationCode}` };
  }
  if (relevance.code === MatchReasonCode.GROUP_TARGETED) return groupReservedRelevance(course.eligibleGroups, seeker.groups) ?? relevance;
  return relevance;
}

// Labels of target, voucher and group relevance are completed by `labelled` once the course is known.
const targetRelevance = (): Relevance => ({ code: MatchReasonCode.TARGET_OCCUPATION, value: RELEVANCE.target, label: '' });
const voucherRelevance = (): Relevance => ({ code: MatchReasonCode.VOUCHER_OCCUPATION, value: RELEVANCE.voucherOccupation, label: '' });
const majorRelevance = (major: string, value: number): Relevance => ({ code: MatchReasonCode.MAJOR, value, label: `与专业 ${major} 相关` });
const groupRelevance = (): Relevance => ({ code: MatchReasonCode.GROUP_TARGETED, value: RELEVANCE.groupTargeted, label: '' });
