import type { DataSource } from 'typeorm';
import { COURSES_INDEX, coursesIndex, type CourseDocument } from '../../search/courses.index';
import type { SearchEngine } from '../../search/engine';
import { validUntilNumber } from '../../search/post-demands.index';
import { regionPrefix } from '../../server/auth';
import type { Logger } from '../../server/logger';
import { skillRank, type SkillLevel } from '../skills/skill-level';
import type { Occupation } from '../occupation/occupation.entity';
import type { Region } from '../region/region.entity';
import { Course } from './course.entity';
import { Provider } from './provider.entity';
import type { CourseMode, TrainingType } from './supply-enums';
import { markDegraded } from '../../server/request-store';
import { EntityRows } from '../../server/entity-rows';
import { preparedQuery } from '../../server/prepared';
import { REFERENCE_VERSION_COLUMN, ReferenceRows } from '../reference/reference-rows';
import { QUOTE_FACTS_VERSION_COLUMN } from './subsidy-facts';

export interface CourseSearchFilter {
  /** This region and every region below it. */
  regionCode?: string;
  occupationCode?: string;
  skillLevel?: SkillLevel;
  mode?: CourseMode;
  trainingType?: TrainingType;
  /** Only courses of providers admitted for their dates that a standard subsidises. */
  subsidisedOnly?: boolean;
  /** Only courses whose occupation is on the shortage catalog in force for the course's region on its start date. */
  shortageOnly?: boolean;
  /** Starting on or after this day. */
  startsAfter?: string;
  /** Starting on or before this day. */
  startsBefore?: string;
  providerId?: string;
}

export enum CourseSort {
  RELEVANCE = 'RELEVANCE',
  STARTS_ON = 'STARTS_ON',
  NET_COST = 'NET_COST',
}

/** A page of courses with what a list shows beside each: its provider, occupation and region. */
export interface CoursePageRows {
  courses: Course[];
  providers: Provider[];
  occupations: Occupation[];
  regions: Region[];
  /** `quote_facts_version` as the statement read it, for quoting these courses from the held copy. */
  factsVersion?: string;
}

export interface CourseSearchPage {
  ids: string[];
  total: number;
  /** True when Meilisearch was unreachable and PostgreSQL answered (simpler relevance). */
  degraded: boolean;
}

/** Candidates the PostgreSQL fallback ranks in memory; the same ceiling as Meilisearch's `maxTotalHits`. */
const FALLBACK_CANDIDATES = 2000;

/**
 * Published courses by text and filter. Meilisearch answers (occupation aliases are synonyms,
 * subsidy and shortage flags are in the documents); when it is down, PostgreSQL picks candidates
 * and the same document builder works out their subsidy, so filters mean the same in both paths.
 */
export class CourseSearchService {
  private rows?: { course: EntityRows<Course>; provider: EntityRows<Provider> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: SearchEngine,
    private readonly log: Logger,
  ) {}

  async find(query: string | undefined, filter: CourseSearchFilter, sort: CourseSort, offset: number, limit: number): Promise<CourseSearchPage> {
    const text = query?.trim() ?? '';
    try {
      const result = await this.search.search<{ id: string }>(COURSES_INDEX, {
        q: text,
        filter: searchFilter(filter),
        sort: sortOf(sort, text),
        offset,
        limit,
        attributesToRetrieve: ['id'],
      });
      return { ids: result.hits.map((h) => h.id), total: result.estimatedTotalHits ?? result.hits.length, degraded: false };
    } catch (err) {
      this.log.warn('course search unavailable, answering from PostgreSQL', { err });
      markDegraded();
      return this.findInDatabase(text, filter, sort, offset, limit);
    }
  }

  /**
   * The courses of a search page with their providers in one statement: a list is the hot path, and
   * one round trip instead of several keeps it close to Meilisearch's own latency. Occupations and
   * regions come from the copy this process holds while the statement finds it current.
   */
  async loadPage(ids: readonly string[]): Promise<CoursePageRows> {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    if (numeric.length === 0) return { courses: [], providers: [], occupations: [], regions: [] };
    const rows = this.pageRows();
    const found = await preparedQuery<Record<string, unknown> & { reference_version: string; facts_version: string }>(
      this.dataSource.manager,
      'course-page',
      `SELECT ${REFERENCE_VERSION_COLUMN}, ${QUOTE_FACTS_VERSION_COLUMN}, ${rows.course.select}, ${rows.provider.select}
         FROM course c
         JOIN provider p ON p.id = c.provider_id
        WHERE c.id = ANY($1::bigint[])`,
      [numeric],
    );
    const courses: Course[] = [];
    for (const row of found) {
      const course = rows.course.from(row)!;
      course.provider = rows.provider.from(row)!;
      courses.push(course);
    }
    if (courses.length === 0) return { courses, providers: [], occupations: [], regions: [] };
    const reference = await ReferenceRows.of(this.dataSource).pick(
      this.dataSource.manager,
      found[0].reference_version,
      courses.map((c) => c.occupationCode),
      courses.map((c) => c.regionCode),
    );
    return { courses, providers: courses.map((c) => c.provider), ...reference, factsVersion: found[0].facts_version };
  }

  private pageRows() {
    this.rows ??= {
      course: new EntityRows(this.dataSource, Course, 'c'),
      provider: new EntityRows(this.dataSource, Provider, 'p'),
    };
    return this.rows;
  }

  private async findInDatabase(text: string, filter: CourseSearchFilter, sort: CourseSort, offset: number, limit: number): Promise<CourseSearchPage> {
    const where = [`c.status = 'PUBLISHED'`];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.regionCode) where.push(`c.region_code LIKE ${param(regionPrefix(filter.regionCode) + '%')}`);
    if (filter.occupationCode) where.push(`c.occupation_code = ${param(filter.occupationCode)}`);
    if (filter.skillLevel) where.push(`c.skill_level = ${param(filter.skillLevel)}`);
    if (filter.mode) where.push(`c.mode = ${param(filter.mode)}`);
    if (filter.trainingType) where.push(`c.training_type = ${param(filter.trainingType)}`);
    if (filter.startsAfter) where.push(`c.starts_on >= ${param(filter.startsAfter)}`);
    if (filter.startsBefore) where.push(`c.starts_on <= ${param(filter.startsBefore)}`);
    if (filter.providerId) where.push(`c.provider_id = ${param(filter.providerId)}`);
    // Title hits first when there are words; PostgreSQL refuses a constant in ORDER BY, so none without.
    let titleFirst = '';
    if (text) {
      const like = param(`%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      titleFirst = `c.title ILIKE ${like} DESC, `;
      where.push(`(c.title ILIKE ${like} OR c.description ILIKE ${like}
                   OR EXISTS (SELECT 1 FROM occupation o WHERE o.code = c.occupation_code
                               AND (o.name ILIKE ${like} OR EXISTS (SELECT 1 FROM unnest(o.aliases) a WHERE a ILIKE ${like}))))`);
    }
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id::text AS id FROM course c WHERE ${where.join(' AND ')} ORDER BY ${titleFirst}c.starts_on, c.id LIMIT ${FALLBACK_CANDIDATES}`,
      params,
    );
    let docs = await coursesIndex.buildDocuments(this.dataSource.manager, rows.map((r) => r.id));
    const order = new Map(rows.map((r, i) => [r.id, i]));
    docs.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    if (filter.subsidisedOnly) docs = docs.filter((d) => d.subsidised);
    if (filter.shortageOnly) docs = docs.filter((d) => d.shortage);
    if (sort === CourseSort.NET_COST) docs.sort((a, b) => a.netCostFen - b.netCostFen || a.startsOn - b.startsOn);
    else if (sort === CourseSort.STARTS_ON || !text) docs.sort((a, b) => a.startsOn - b.startsOn || Number(a.id) - Number(b.id));
    return { ids: docs.slice(offset, offset + limit).map((d: CourseDocument) => d.id), total: docs.length, degraded: true };
  }
}

/** The Meilisearch form of the filter: published courses only. */
export function searchFilter(filter: CourseSearchFilter): string[] {
  const q = JSON.stringify;
  const parts = ['status = "PUBLISHED"'];
  if (filter.regionCode) parts.push(`regionCodes = ${q(filter.regionCode)}`);
  if (filter.occupationCode) parts.push(`occupationCode = ${q(filter.occupationCode)}`);
  if (filter.skillLevel) parts.push(`skillRank = ${skillRank(filter.skillLevel)}`);
  if (filter.mode) parts.push(`mode = ${q(filter.mode)}`);
  if (filter.trainingType) parts.push(`trainingType = ${q(filter.trainingType)}`);
  if (filter.subsidisedOnly) parts.push('subsidised = true');
  if (filter.shortageOnly) parts.push('shortage = true');
  if (filter.startsAfter) parts.push(`startsOn >= ${validUntilNumber(filter.startsAfter)}`);
  if (filter.startsBefore) parts.push(`startsOn <= ${validUntilNumber(filter.startsBefore)}`);
  if (filter.providerId) parts.push(`providerId = ${q(filter.providerId)}`);
  return parts;
}

/** Relevance needs a query; without one, sooner courses first. Ties keep Meilisearch's order. */
function sortOf(sort: CourseSort, text: string): string[] | undefined {
  if (sort === CourseSort.NET_COST) return ['netCostFen:asc', 'startsOn:asc'];
  if (sort === CourseSort.STARTS_ON || !text) return ['startsOn:asc'];
  return undefined;
}
