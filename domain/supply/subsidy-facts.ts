import type { DataSource, EntityManager } from 'typeorm';
import { regionAndAncestors } from '../../search/post-demands.index';
import { preparedQuery } from '../../server/prepared';
import { requestStore } from '../../server/request-store';
import { dayNumber, type QuotedCourse, type QuoteFacts, type ShortageFact, type StandardFact } from './subsidy-quote';

/** For a statement's SELECT list: the version `heldQuoteFacts` compares with the copy this process holds. */
export const QUOTE_FACTS_VERSION_COLUMN = `(SELECT version::text FROM quote_facts_version) AS facts_version`;

export interface FactsCourse extends QuotedCourse {
  providerId: string;
}

interface AdmissionRow {
  provider_id: string;
  admitted_from: string;
  admitted_until: string;
  suspended_on: string | null;
  suspension_reason: string | null;
}

/**
 * Null when the provider is admitted on every day of the course; otherwise why not. Admissions that
 * follow each other without a gap (a renewal) cover a course running across them. A suspension from
 * day S ends the admission it cuts on the day before S, so it withdraws the subsidy of every course
 * still running on S.
 */
export function notAdmittedReason(course: Pick<QuotedCourse, 'startsOn' | 'endsOn'>, admissions: readonly AdmissionRow[]): string | null {
  if (admissions.length === 0) return '培训机构未列入补贴性培训机构目录';
  const periods = admissions
    .map((a) => ({
      from: dayNumber(a.admitted_from),
      until: a.suspended_on !== null && a.suspended_on <= a.admitted_until ? dayNumber(a.suspended_on) - 1 : dayNumber(a.admitted_until),
    }))
    .filter((p) => p.from <= p.until)
    .sort((a, b) => a.from - b.from);
  let coveredUntil = dayNumber(course.startsOn) - 1;
  for (const p of periods) {
    if (p.from > coveredUntil + 1) break;
    if (p.until > coveredUntil) coveredUntil = p.until;
  }
  if (coveredUntil >= dayNumber(course.endsOn)) return null;
  const suspended = admissions.find(
    (a) => a.suspended_on !== null && a.suspended_on <= course.endsOn && a.suspended_on <= a.admitted_until && a.admitted_from <= course.endsOn && a.admitted_until >= course.startsOn,
  );
  if (suspended) return `培训机构自 ${suspended.suspended_on} 起暂停补贴资格${suspended.suspension_reason ? `：${suspended.suspension_reason}` : ''}`;
  const listed = admissions.map((a) => `${a.admitted_from} 至 ${a.admitted_until}`).join('、');
  return `培训机构准入期（${listed}）未覆盖课程日期 ${course.startsOn} 至 ${course.endsOn}`;
}

/** The fact lists a statement returns for `quoteFactsFrom`: see `quoteFactsColumns`. */
export interface QuoteFactRows {
  standards: StandardRow[];
  admissions: AdmissionRow[];
  catalogs: CatalogRow[];
}

/** SQL expressions for the regions (the courses' and those above them), occupations and providers a statement quotes for. */
export interface FactScope {
  regions: string;
  occupations: string;
  providers: string;
}

/**
 * Three columns of a SELECT list (`standards`, `admissions`, `catalogs`, each a json array) with
 * what `quoteSubsidy` needs for many courses at once: the standards of the scope's regions (for its
 * occupations or for all), its providers' admissions, and the shortage catalogs with the entries
 * for its occupations. Without a scope, every fact (what `QuoteFactsCache` keeps). A statement that
 * already reads the courses (the match candidates) adds these columns instead of spending a round
 * trip on them; with `unlessVersion`, each column is null when that is the current
 * `quote_facts_version`, and PostgreSQL does not run its subquery.
 */
export function quoteFactsColumns(scope?: FactScope, unlessVersion?: string): string {
  const stale = unlessVersion ? `${unlessVersion} IS DISTINCT FROM (SELECT version FROM quote_facts_version) AND ` : '';
  const inScope = (condition: (s: FactScope) => string) => (scope ? ` AND ${condition(scope)}` : '');
  return `(SELECT coalesce(json_agg(s), '[]') FROM (
          SELECT id::text, region_code, kind, occupation_code, skill_level, training_type, seeker_group, amount::text, unit,
                 effective_from::text, effective_until::text, basis
            FROM subsidy_standard
           WHERE ${stale}true${inScope((f) => `region_code = ANY(${f.regions}) AND (occupation_code IS NULL OR occupation_code = ANY(${f.occupations}))`)}) s
         HAVING ${stale}true) AS standards,
       (SELECT coalesce(json_agg(a), '[]') FROM (
          SELECT provider_id::text, admitted_from::text, admitted_until::text, suspended_on::text, suspension_reason
            FROM provider_admission WHERE ${stale}true${inScope((f) => `provider_id = ANY(${f.providers})`)}) a
         HAVING ${stale}true) AS admissions,
       (SELECT coalesce(json_agg(k ORDER BY k.effective_from DESC, k.catalog_id::bigint DESC), '[]') FROM (
          SELECT c.id::text AS catalog_id, c.region_code, c.title, c.period, r.name AS region_name, c.effective_from::text,
                 e.id::text AS entry_id, e.occupation_code, e.level, e.subsidy_uplift_percent::text
            FROM shortage_catalog c
            LEFT JOIN region r ON r.code = c.region_code
            LEFT JOIN shortage_catalog_entry e ON e.catalog_id = c.id${inScope((f) => `e.occupation_code = ANY(${f.occupations})`)}
           WHERE ${stale}c.status IN ('PUBLISHED', 'SUPERSEDED')${inScope((f) => `c.region_code = ANY(${f.regions})`)}) k
         HAVING ${stale}true) AS catalogs`;
}

/**
 * The same regions `regionAndAncestors` gives, in SQL, for the courses of a relation `courses`
 * (district, city, province: GB/T 2260 nests by prefix).
 */
export const regionsAndAncestorsOf = (courses: string) =>
  `ARRAY(SELECT DISTINCT unnest(ARRAY[region_code, left(region_code, 4) || '00', left(region_code, 2) || '0000']::char(6)[]) FROM ${courses})`;

const QUOTE_FACTS_STATEMENT = `SELECT ${QUOTE_FACTS_VERSION_COLUMN},
       ${quoteFactsColumns({ regions: '$1::char(6)[]', occupations: '$2::text[]', providers: '$3::bigint[]' }, '$4::uuid')}`;

/**
 * Everything `quoteSubsidy` needs for many courses at once, in one statement whatever their number;
 * from this process's copy of the facts when the statement finds it current.
 */
export async function loadQuoteFacts(manager: EntityManager, courses: readonly FactsCourse[]): Promise<Map<string, Omit<QuoteFacts, 'groups'>>> {
  if (courses.length === 0) return new Map();
  const cache = QuoteFactsCache.of(manager);
  const held = cache.current;
  const regions = [...new Set(courses.flatMap((c) => regionAndAncestors(c.regionCode)))];
  const providers = [...new Set(courses.map((c) => c.providerId))];
  const occupations = [...new Set(courses.map((c) => c.occupationCode))];
  const [row] = await preparedQuery<QuoteFactColumns>(manager, 'quote-facts', QUOTE_FACTS_STATEMENT, [regions, occupations, providers, held?.version ?? null]);
  return cache.factsFor(row, held, courses);
}

/**
 * The facts from this process's copy, without a statement, when `version` (read by the caller's own
 * statement, in the same snapshot as its courses) is the copy's; otherwise undefined.
 */
export function heldQuoteFacts(manager: EntityManager, courses: readonly FactsCourse[], version: string | undefined): Map<string, Omit<QuoteFacts, 'groups'>> | undefined {
  const held = QuoteFactsCache.of(manager).current;
  return held && held.version === version ? factsFor(held.index, courses) : undefined;
}

/** A statement's fact columns sent with `unlessVersion`: null when the held copy is current, and the version it read. */
export type QuoteFactColumns = { [K in keyof QuoteFactRows]: QuoteFactRows[K] | null } & { facts_version: string };

/** The fact rows grouped for quoting: by region, by provider, and catalog entries by catalog and occupation. */
interface FactIndex {
  standardsByRegion: Map<string, StandardFact[]>;
  admissionsByProvider: Map<string, AdmissionRow[]>;
  /** Each region's published and superseded catalogs, newest first. */
  catalogsByRegion: Map<string, CatalogRow[]>;
  entries: Map<string, CatalogRow>;
  /** The standards of a course region's chain, for all occupations and by occupation: worked out once per region. */
  standardsOfChain: Map<string, { general: StandardFact[]; byOccupation: Map<string, StandardFact[]> }>;
}

function indexFacts({ standards, admissions, catalogs }: QuoteFactRows): FactIndex {
  const standardFacts: StandardFact[] = standards.map((s) => ({
    id: s.id,
    regionCode: s.region_code.trim(),
    kind: s.kind,
    occupationCode: s.occupation_code,
    skillLevel: s.skill_level,
    trainingType: s.training_type,
    seekerGroup: s.seeker_group,
    amount: s.amount,
    unit: s.unit,
    effectiveFrom: s.effective_from,
    effectiveUntil: s.effective_until,
    basis: s.basis,
  }));
  const catalogsByRegion = new Map<string, CatalogRow[]>();
  const entries = new Map<string, CatalogRow>();
  const seen = new Set<string>();
  for (const row of catalogs) {
    if (!seen.has(row.catalog_id)) {
      seen.add(row.catalog_id);
      const region = row.region_code.trim();
      const inRegion = catalogsByRegion.get(region);
      if (inRegion) inRegion.push(row);
      else catalogsByRegion.set(region, [row]);
    }
    if (row.entry_id) entries.set(`${row.catalog_id}:${row.occupation_code}`, row);
  }
  return {
    standardsByRegion: groupBy(standardFacts, (s) => s.regionCode),
    admissionsByProvider: groupBy(admissions, (a) => a.provider_id),
    catalogsByRegion,
    entries,
    standardsOfChain: new Map(),
  };
}

function factsFor(index: FactIndex, courses: readonly FactsCourse[]): Map<string, Omit<QuoteFacts, 'groups'>> {
  const result = new Map<string, Omit<QuoteFacts, 'groups'>>();
  for (const course of courses) {
    const chain = regionAndAncestors(course.regionCode);
    let inChain = index.standardsOfChain.get(course.regionCode);
    if (!inChain) {
      const standards = chain.flatMap((r) => index.standardsByRegion.get(r) ?? []);
      inChain = { general: standards.filter((s) => s.occupationCode === null), byOccupation: groupBy(standards.filter((s) => s.occupationCode !== null), (s) => s.occupationCode!) };
      index.standardsOfChain.set(course.regionCode, inChain);
    }
    const specific = inChain.byOccupation.get(course.occupationCode);
    result.set(course.id, {
      notAdmittedReason: notAdmittedReason(course, index.admissionsByProvider.get(course.providerId) ?? []),
      standards: specific ? [...inChain.general, ...specific] : inChain.general,
      shortage: shortageFor(course, chain, index),
    });
  }
  return result;
}

/** At most this many fact rows are kept in memory; a deployment with more reads them per statement. */
const CACHED_FACTS_LIMIT = 200_000;

/**
 * This process's copy of every quote fact, tagged with the `quote_facts_version` it was read at
 * (triggers change the version with any of those tables). Statements send the tag and get the
 * facts back only when it is no longer current, so a quote is never older than the statement that
 * read the course; a stale or missing copy is reloaded in the background, once at a time.
 */
export class QuoteFactsCache {
  private static readonly byDataSource = new WeakMap<DataSource, QuoteFactsCache>();
  private held?: { version: string; index: FactIndex };
  private reloading?: Promise<void>;
  /** The version at which the facts were too many to hold: no reload until it changes. */
  private tooManyAt?: string;
  /** Standards, admissions and catalog entries beyond which no copy is held and every statement reads its own. */
  heldFactsLimit = CACHED_FACTS_LIMIT;

  private constructor(private readonly dataSource: DataSource) {}

  static of(manager: EntityManager): QuoteFactsCache {
    let cache = QuoteFactsCache.byDataSource.get(manager.connection);
    if (!cache) QuoteFactsCache.byDataSource.set(manager.connection, (cache = new QuoteFactsCache(manager.connection)));
    return cache;
  }

  get current(): { version: string; index: FactIndex } | undefined {
    return this.held;
  }

  /**
   * The courses' facts from a statement's row: its own fact columns when it returned them, or the
   * copy whose version it was sent (`held`) when it found that current.
   */
  factsFor(row: QuoteFactColumns, held: { version: string; index: FactIndex } | undefined, courses: readonly FactsCourse[]) {
    if (row.standards === null || row.admissions === null || row.catalogs === null) return factsFor(held!.index, courses);
    if (this.held?.version !== row.facts_version && this.tooManyAt !== row.facts_version) this.reload();
    return factsFor(indexFacts(row as QuoteFactRows), courses);
  }

  /**
   * Reads every fact afresh outside any caller's transaction, so only committed facts are kept, and
   * outside the request that noticed, whose statement count it is not part of.
   */
  reload(): Promise<void> {
    this.reloading ??= requestStore.exit(async () => {
      try {
        const [row]: (QuoteFactRows & { facts_version: string })[] = await this.dataSource.query(
          `SELECT ${QUOTE_FACTS_VERSION_COLUMN}, ${quoteFactsColumns()}`,
        );
        if (row.standards.length + row.admissions.length + row.catalogs.length <= this.heldFactsLimit) {
          this.held = { version: row.facts_version, index: indexFacts(row) };
        } else {
          this.held = undefined;
          this.tooManyAt = row.facts_version;
        }
      } catch {
        // The next statement that finds no current copy asks again; until then statements read their own facts.
      } finally {
        this.reloading = undefined;
      }
    });
    return this.reloading;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * The catalog in force for a course is the one of the nearest region (district, city, province)
 * that has one in force on the course's start date; each region's catalogs are newest first, so the
 * first in force is the one. Its entry's uplift is taken as published: the region's cap was checked
 * when the entry was set.
 */
function shortageFor(course: QuotedCourse, chain: string[], index: FactIndex): ShortageFact | null {
  for (const region of chain) {
    const inForce = index.catalogsByRegion.get(region)?.find((r) => r.effective_from <= course.startsOn);
    if (!inForce) continue;
    const entry = index.entries.get(`${inForce.catalog_id}:${course.occupationCode}`);
    if (!entry) return null;
    return {
      catalogId: entry.catalog_id,
      catalogTitle: entry.title,
      catalogPeriod: entry.period,
      catalogRegionName: entry.region_name ?? region,
      regionCode: region,
      entryId: entry.entry_id!,
      level: entry.level!,
      subsidyUpliftPercent: entry.subsidy_uplift_percent!,
    };
  }
  return null;
}

interface StandardRow {
  id: string;
  region_code: string;
  kind: StandardFact['kind'];
  occupation_code: string | null;
  skill_level: StandardFact['skillLevel'];
  training_type: StandardFact['trainingType'];
  seeker_group: StandardFact['seekerGroup'];
  amount: string;
  unit: StandardFact['unit'];
  effective_from: string;
  effective_until: string | null;
  basis: string | null;
}

interface CatalogRow {
  catalog_id: string;
  region_code: string;
  title: string;
  period: string;
  region_name: string | null;
  effective_from: string;
  entry_id: string | null;
  occupation_code: string | null;
  level: ShortageFact['level'] | null;
  subsidy_uplift_percent: string | null;
}
