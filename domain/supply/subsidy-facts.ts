import type { EntityManager } from 'typeorm';
import { regionAndAncestors } from '../../search/post-demands.index';
import { dayNumber, type QuotedCourse, type QuoteFacts, type ShortageFact, type StandardFact } from './subsidy-quote';

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

/**
 * Three columns of a SELECT list (`standards`, `admissions`, `catalogs`, each a json array) with
 * what `quoteSubsidy` needs for many courses at once, given SQL expressions for the regions involved
 * (the courses' regions and those above them), their occupations and their providers: the standards
 * of those regions (for the occupations or for all), the providers' admissions, and the shortage
 * catalogs with the entries for the occupations. A statement that already reads the courses (the
 * match candidates) adds these columns instead of spending a round trip on them.
 */
export function quoteFactsColumns(regions: string, occupations: string, providers: string): string {
  return `(SELECT coalesce(json_agg(s), '[]') FROM (
          SELECT id::text, region_code, kind, occupation_code, skill_level, training_type, seeker_group, amount::text, unit,
                 effective_from::text, effective_until::text, basis
            FROM subsidy_standard
           WHERE region_code = ANY(${regions}) AND (occupation_code IS NULL OR occupation_code = ANY(${occupations}))) s) AS standards,
       (SELECT coalesce(json_agg(a), '[]') FROM (
          SELECT provider_id::text, admitted_from::text, admitted_until::text, suspended_on::text, suspension_reason
            FROM provider_admission WHERE provider_id = ANY(${providers})) a) AS admissions,
       (SELECT coalesce(json_agg(k ORDER BY k.effective_from DESC, k.catalog_id::bigint DESC), '[]') FROM (
          SELECT c.id::text AS catalog_id, c.region_code, c.title, c.period, r.name AS region_name, c.effective_from::text,
                 e.id::text AS entry_id, e.occupation_code, e.level, e.subsidy_uplift_percent::text
            FROM shortage_catalog c
            LEFT JOIN region r ON r.code = c.region_code
            LEFT JOIN shortage_catalog_entry e ON e.catalog_id = c.id AND e.occupation_code = ANY(${occupations})
           WHERE c.status IN ('PUBLISHED', 'SUPERSEDED') AND c.region_code = ANY(${regions})) k) AS catalogs`;
}

/**
 * The same regions `regionAndAncestors` gives, in SQL, for the courses of a relation `courses`
 * (district, city, province: GB/T 2260 nests by prefix).
 */
export const regionsAndAncestorsOf = (courses: string) =>
  `ARRAY(SELECT DISTINCT unnest(ARRAY[region_code, left(region_code, 4) || '00', left(region_code, 2) || '0000']::char(6)[]) FROM ${courses})`;

/**
 * Everything `quoteSubsidy` needs for many courses at once, in one statement whatever their number.
 * The catalog in force for a course is the one of the nearest region (district, city, province)
 * that has one in force on the course's start date. Its entry's uplift is taken as published: the
 * region's cap was checked when the entry was set.
 */
export async function loadQuoteFacts(manager: EntityManager, courses: readonly FactsCourse[]): Promise<Map<string, Omit<QuoteFacts, 'groups'>>> {
  if (courses.length === 0) return new Map();
  const regions = [...new Set(courses.flatMap((c) => regionAndAncestors(c.regionCode)))];
  const providers = [...new Set(courses.map((c) => c.providerId))];
  const occupations = [...new Set(courses.map((c) => c.occupationCode))];
  // One statement, three lists: quotes sit on hot paths (search documents, matches), where round trips count.
  const [rows]: QuoteFactRows[] = await manager.query(`SELECT ${quoteFactsColumns('$1::char(6)[]', '$2::text[]', '$3::bigint[]')}`, [regions, occupations, providers]);
  return quoteFactsFrom(rows, courses);
}

/** The facts of each course from the rows `quoteFactsColumns` selected for them. */
export function quoteFactsFrom({ standards, admissions, catalogs }: QuoteFactRows, courses: readonly FactsCourse[]): Map<string, Omit<QuoteFacts, 'groups'>> {
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
  const byRegion = groupBy(standardFacts, (s) => s.regionCode);
  const admissionsOf = groupBy(admissions, (a) => a.provider_id);
  const catalogsOf = groupBy(catalogs, (k) => k.region_code.trim());
  // Courses of one region share their chain's standards: worked out once per region, not per course.
  const standardsOf = new Map<string, StandardFact[]>();
  const result = new Map<string, Omit<QuoteFacts, 'groups'>>();
  for (const course of courses) {
    const chain = regionAndAncestors(course.regionCode);
    let inChain = standardsOf.get(course.regionCode);
    if (!inChain) standardsOf.set(course.regionCode, (inChain = chain.flatMap((r) => byRegion.get(r) ?? [])));
    result.set(course.id, {
      notAdmittedReason: notAdmittedReason(course, admissionsOf.get(course.providerId) ?? []),
      standards: inChain,
      shortage: shortageFor(course, chain, catalogsOf),
    });
  }
  return result;
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

/** Each region's rows are newest first: the first catalog of a region in force on the start date is the one. */
function shortageFor(course: QuotedCourse, chain: string[], catalogsOf: Map<string, CatalogRow[]>): ShortageFact | null {
  for (const region of chain) {
    const rows = catalogsOf.get(region) ?? [];
    const inForce = rows.find((r) => r.effective_from <= course.startsOn);
    if (!inForce) continue;
    const entry = rows.find((r) => r.catalog_id === inForce.catalog_id && r.occupation_code === course.occupationCode);
    if (!entry?.entry_id) return null;
    return {
      catalogId: entry.catalog_id,
      catalogTitle: entry.title,
      catalogPeriod: entry.period,
      catalogRegionName: entry.region_name ?? region,
      regionCode: region,
      entryId: entry.entry_id,
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
