import type { Settings } from 'meilisearch';
import type { DataSource, EntityManager } from 'typeorm';
import { todayInChina } from '../domain/demand/post-demand-rules';
import { skillRank, type SkillLevel } from '../domain/skills/skill-level';
import { parsePercent, yuan } from '../domain/supply/money';
import { loadQuoteFacts, type FactsCourse } from '../domain/supply/subsidy-facts';
import { quoteSubsidy } from '../domain/supply/subsidy-quote';
import { CourseStatus, type CourseMode, type SeekerGroup, type ShortageLevel, type TrainingType } from '../domain/supply/supply-enums';
import { keyOnly, type SearchIndexDefinition } from './definition';
import { ALIASES_AS_TEXT } from './occupations.index';
import { enqueueReindex } from './outbox';
import { regionAndAncestors, validUntilNumber } from './post-demands.index';

export const COURSES_INDEX = 'courses';

/** Queues courses whose search document changed (status, dates, provider admission, subsidy, shortage flag). Call inside the writing transaction. */
export async function enqueueCourseReindex(manager: EntityManager, courseIds: readonly string[]): Promise<void> {
  await enqueueReindex(manager, COURSES_INDEX, courseIds);
}

/**
 * A course as search sees it, with its subsidy for a trainee without supplements (the standard in
 * force on its start date, plus the shortage uplift) already worked out, so filters and sorting by
 * net cost run inside Meilisearch. Amounts are whole fen (integers sort exactly).
 */
export interface CourseDocument {
  id: string;
  title: string;
  description: string | null;
  occupationCode: string;
  /** The classification's minor group (`4-10-01`): matching offers neighbouring occupations of a target. */
  occupationSubgroup: string;
  occupationName: string | null;
  occupationAliases: string[];
  /** The classification's definition of the occupation: matching finds courses by what the work is. */
  occupationDefinition: string | null;
  providerId: string;
  providerName: string;
  regionCode: string;
  regionCodes: string[];
  mode: CourseMode;
  trainingType: TrainingType;
  skillLevel: SkillLevel;
  skillRank: number;
  status: CourseStatus;
  /** `YYYYMMDD` numbers, so date ranges are filters. */
  startsOn: number;
  endsOn: number;
  eligibleGroups: SeekerGroup[];
  seatsLeft: number;
  /**
   * Open for enrolment when the document was built: published, seats left, starting that day or
   * later (China's calendar). Matching filters on this one flag instead of three conditions (a
   * fifth of Meilisearch's work per match, measured); `sweepStartedCourses` rebuilds documents as
   * their courses start, and PostgreSQL rechecks every candidate anyway.
   */
  enrollable: boolean;
  feeFen: number;
  subsidyFen: number;
  netCostFen: number;
  subsidised: boolean;
  shortage: boolean;
  shortageLevel: ShortageLevel | null;
  /** The catalog entry's uplift in hundredths of a percent (1000 = 10%), 0 when not listed. */
  shortageUpliftHundredths: number;
  /** Open post demand the course is linked to (订单式), as headcount. */
  linkedDemandHeadcount: number;
}

interface Row {
  id: string;
  title: string;
  description: string | null;
  occupation_code: string;
  occupation_name: string | null;
  occupation_aliases: string[] | null;
  occupation_definition: string | null;
  provider_id: string;
  provider_name: string;
  region_code: string;
  mode: CourseMode;
  training_type: TrainingType;
  skill_level: SkillLevel;
  status: CourseStatus;
  starts_on: string;
  ends_on: string;
  eligible_groups: SeekerGroup[];
  seats_left: number;
  fee: string;
  linked_demand_headcount: number;
}


export const coursesIndex: SearchIndexDefinition<CourseDocument> = {
  name: COURSES_INDEX,
  async settings(): Promise<Settings> {
    return {
      searchableAttributes: ['title', 'occupationName', 'occupationAliases', 'description', 'occupationDefinition', 'providerName'],
      filterableAttributes: [
        'regionCodes', 'regionCode', 'occupationCode', 'occupationSubgroup', 'skillRank', 'skillLevel', 'mode', 'trainingType', 'status', 'subsidised', 'shortage',
        'startsOn', 'endsOn', 'eligibleGroups', 'providerId', 'seatsLeft', 'enrollable', 'shortageUpliftHundredths',
      ],
      sortableAttributes: ['startsOn', 'netCostFen', 'feeFen', 'subsidyFen', 'skillRank'],
      displayedAttributes: keyOnly('id'),
      rankingRules: ['words', 'typo', 'attribute', 'exactness', 'proximity', 'sort'],
      synonyms: ALIASES_AS_TEXT,
      typoTolerance: { minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
      pagination: { maxTotalHits: 2000 },
    };
  },
  async buildDocuments(manager, ids) {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    if (numeric.length === 0) return [];
    const rows: Row[] = await manager.query(
      `SELECT c.id::text AS id, c.title, c.description, c.occupation_code, o.name AS occupation_name, o.aliases AS occupation_aliases, o.definition AS occupation_definition,
              c.provider_id::text AS provider_id, p.name AS provider_name, c.region_code, c.mode, c.training_type, c.skill_level, c.status,
              c.starts_on::text AS starts_on, c.ends_on::text AS ends_on, c.eligible_groups::text[] AS eligible_groups /* text[]: the driver parses it, not an enum array */,
              c.capacity - c.enrolled AS seats_left, c.fee::text AS fee,
              COALESCE((SELECT sum(pd.headcount) FROM course_post_demand l JOIN post_demand pd ON pd.id = l.post_demand_id
                         WHERE l.course_id = c.id AND pd.status = 'OPEN'), 0)::int AS linked_demand_headcount
         FROM course c
         JOIN provider p ON p.id = c.provider_id
         LEFT JOIN occupation o ON o.code = c.occupation_code
        WHERE c.id = ANY($1::bigint[])`,
      [numeric],
    );
    const courses: FactsCourse[] = rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      regionCode: r.region_code.trim(),
      occupationCode: r.occupation_code,
      skillLevel: r.skill_level,
      trainingType: r.training_type,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      fee: r.fee,
    }));
    const facts = await loadQuoteFacts(manager, courses);
    const today = todayInChina();
    return rows.map((r, i) => {
      const quote = quoteSubsidy(courses[i], { ...facts.get(r.id)!, groups: [] });
      const shortage = facts.get(r.id)!.shortage;
      return {
        id: r.id,
        title: r.title,
        description: r.description,
        occupationCode: r.occupation_code,
        occupationSubgroup: r.occupation_code.split('-').slice(0, 3).join('-'),
        occupationName: r.occupation_name,
        occupationAliases: r.occupation_aliases ?? [],
        occupationDefinition: r.occupation_definition,
        providerId: r.provider_id,
        providerName: r.provider_name,
        regionCode: r.region_code.trim(),
        regionCodes: regionAndAncestors(r.region_code.trim()),
        mode: r.mode,
        trainingType: r.training_type,
        skillLevel: r.skill_level,
        skillRank: skillRank(r.skill_level),
        status: r.status,
        startsOn: validUntilNumber(r.starts_on),
        endsOn: validUntilNumber(r.ends_on),
        eligibleGroups: r.eligible_groups,
        seatsLeft: r.seats_left,
        enrollable: r.status === CourseStatus.PUBLISHED && r.seats_left > 0 && r.starts_on >= today,
        feeFen: Number(yuan(quote.fee)),
        subsidyFen: Number(yuan(quote.totalSubsidy)),
        netCostFen: Number(yuan(quote.netCost)),
        subsidised: quote.subsidised,
        shortage: shortage !== null,
        shortageLevel: shortage?.level ?? null,
        shortageUpliftHundredths: shortage ? Number(parsePercent(shortage.subsidyUpliftPercent) ?? 0n) : 0,
        linkedDemandHeadcount: r.linked_demand_headcount,
      };
    });
  },
  async allIds(manager, afterId, limit) {
    // `t.id`, the number: `ORDER BY id` would sort the text alias ('10' before '9') and paging would skip ids.
    const rows: { id: string }[] = await manager.query(
      `SELECT t.id::text AS id FROM course t WHERE ($1::bigint IS NULL OR t.id > $1::bigint) ORDER BY t.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  },
};

/** Queues the courses whose documents carry a name that changed (an occupation renamed or given aliases). */
export async function reindexCoursesOf(manager: EntityManager, by: { occupationCodes?: string[]; providerIds?: string[] }): Promise<void> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id::text AS id FROM course WHERE occupation_code = ANY($1::text[]) OR provider_id = ANY($2::bigint[])`,
    [by.occupationCodes ?? [], by.providerIds ?? []],
  );
  await enqueueCourseReindex(manager, rows.map((r) => r.id));
}

/**
 * Queues the published courses that have started since the last sweep, so their documents are
 * rebuilt with `enrollable` false: a document built on day D says enrollable only when its course
 * starts on D or later. Records the day swept in the same transaction; an instance finding the
 * sweep row locked leaves the work to the one holding it. Returns how many courses were queued.
 */
export async function sweepStartedCourses(dataSource: DataSource, today = todayInChina()): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const [sweep]: { swept_through: string }[] = await manager.query(
      `SELECT swept_through::text AS swept_through FROM course_enrolment_sweep FOR UPDATE SKIP LOCKED`,
    );
    if (!sweep || sweep.swept_through >= today) return 0;
    const rows: { id: string }[] = await manager.query(
      `SELECT id::text AS id FROM course WHERE status = 'PUBLISHED' AND starts_on >= $1::date AND starts_on < $2::date`,
      [sweep.swept_through, today],
    );
    await enqueueCourseReindex(manager, rows.map((r) => r.id));
    await manager.query(`UPDATE course_enrolment_sweep SET swept_through = $1::date`, [today]);
    return rows.length;
  });
}
