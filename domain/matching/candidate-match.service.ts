import type { DataSource } from 'typeorm';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, NotFoundError } from '../../server/errors';
import { todayInChina } from '../demand/post-demand-rules';
import { JobSeeker } from '../seeker/job-seeker.entity';
import type { CourseSearchService } from '../supply/course-search.service';
import type { Course } from '../supply/course.entity';
import { loadQuoteFacts } from '../supply/subsidy-facts';
import { quoteSubsidy, type SubsidyQuote } from '../supply/subsidy-quote';
import { CourseMode, CourseStatus, ShortageCatalogStatus, TrainingType, type SeekerGroup } from '../supply/supply-enums';
import { loadSeekersForMatching } from './match-context';
import { cityOf, groupReservedRelevance, ineligibility, MatchReasonCode, MIN_RELEVANCE, RELEVANCE, scoreMatch, voucherFor, type MatchReason, type Placement, type Relevance } from './match-scoring';
import type { MatchWeights } from './match-weights';

export interface CandidateMatch {
  jobSeeker: JobSeeker;
  score: number;
  rank: number;
  reasons: MatchReason[];
  subsidy: SubsidyQuote;
}

export interface UpliftedSeeker {
  jobSeeker: JobSeeker;
  occupationCode: string;
  entryId: string;
  previousUpliftPercent: string;
}

/**
 * Seekers a course may fit, before eligibility and scoring: at most this many are scored, cut in the
 * order the score would rank them most: how they relate to the course, then the nearest rung below it.
 */
export const CANDIDATE_CEILING = 2000;

/** `majorTerms` (course-match.service.ts) in SQL: the words of a seeker's major that name a field. */
const MAJOR_TERMS_SQL = `SELECT regexp_replace(part, '(科学|技术|工程|管理|专业|应用|服务)+$', '') AS term
                           FROM regexp_split_to_table(coalesce(s.major, ''), '[与和及、,，/\\s()（）]+') AS part`;

/**
 * "Policies find people" (从"人找政策"到"政策找人"): the job seekers of the caller's region a course
 * fits, scored with the same formula as `courseMatches`, and the seekers a newly published shortage
 * catalog raises the subsidy for.
 */
export class CandidateMatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courseSearch: CourseSearchService,
    private readonly weights: MatchWeights,
  ) {}

  async candidatesFor(principal: Principal, courseId: string, first: number, today = todayInChina()): Promise<CandidateMatch[]> {
    const scope = staffRegion(principal);
    const page = await this.courseSearch.loadPage([courseId]);
    const course = page.courses[0];
    const visible = course && (course.status === CourseStatus.PUBLISHED || regionCovers(scope, course.regionCode));
    if (!course || !visible) throw new NotFoundError('Course', courseId, ['courseId']);
    const occupation = page.occupations[0];
    const courseText = [course.title, course.description, occupation?.name, occupation?.definition, ...(occupation?.aliases ?? [])].filter(Boolean).join(' ');

    const params: unknown[] = [`${regionPrefix(scope)}%`, course.occupationCode, course.eligibleGroups, courseText, course.skillLevel, today];
    const local = course.mode === CourseMode.ONLINE ? '' : `AND s.region_code LIKE $${params.push(`${regionPrefix(cityOf(course.regionCode))}%`)}`;
    // Only someone with an agreement in force on the first day can be an enterprise's apprentice (the rule itself is checked below).
    const apprentice =
      course.trainingType === TrainingType.NEW_APPRENTICESHIP
        ? `AND EXISTS (SELECT 1 FROM work_agreement a WHERE a.seeker_id = s.id AND a.starts_on <= $${params.push(course.startsOn)}::date AND (a.ends_on IS NULL OR a.ends_on >= $${params.length}::date))`
        : '';
    // A voucher for the course's occupation, unused and usable today: the bureau chose the person for such courses.
    const voucher = `EXISTS (SELECT 1 FROM training_voucher v WHERE v.seeker_id = s.id AND v.occupation_code = $2 AND v.revoked_at IS NULL
                              AND v.enrollment_id IS NULL AND v.valid_from <= $6::date AND v.valid_until >= $6::date)`;
    const rows: { id: string; is_target: boolean; is_voucher: boolean; is_text: boolean }[] = await this.dataSource.query(
      `SELECT s.id::text AS id, $2 = ANY(s.target_occupation_codes) AS is_target, ${voucher} AS is_voucher,
              EXISTS (SELECT 1 FROM (${MAJOR_TERMS_SQL}) t WHERE length(t.term) >= 2 AND strpos($4, t.term) > 0) AS is_text
         FROM job_seeker s
        WHERE s.region_code LIKE $1 ${local} ${apprentice}
          AND (s.current_skill_level IS NULL OR s.current_skill_level < $5::skill_level)
          AND ($2 = ANY(s.target_occupation_codes) OR ${voucher}
               OR (cardinality($3::seeker_group[]) > 0 AND (s.groups && $3::seeker_group[] OR ('COLLEGE_GRADUATE' = ANY($3::seeker_group[]) AND s.graduation_date IS NOT NULL)))
               OR EXISTS (SELECT 1 FROM (${MAJOR_TERMS_SQL}) t WHERE length(t.term) >= 2 AND strpos($4, t.term) > 0))
        ORDER BY is_target DESC, is_voucher DESC, is_text DESC, s.current_skill_level DESC NULLS LAST, s.id
        LIMIT ${CANDIDATE_CEILING}`,
      params,
    );
    if (rows.length === 0) return [];
    const seekers = await loadSeekersForMatching(this.dataSource.manager, rows.map((r) => r.id), today);
    const facts = (await loadQuoteFacts(this.dataSource.manager, [course])).get(course.id)!;
    const demandByCity = await this.demandByCity(course.occupationCode, today);
    const linked: { enterprise_name: string; headcount: number }[] = await this.dataSource.query(
      `SELECT e.name AS enterprise_name, pd.headcount FROM course_post_demand cl JOIN post_demand pd ON pd.id = cl.post_demand_id JOIN enterprise e ON e.id = pd.enterprise_id
        WHERE cl.course_id = $1 AND pd.status = 'OPEN' AND pd.valid_until >= $2::date ORDER BY e.name`,
      [course.id, today],
    );

    const [placement]: Placement[] = await this.dataSource.query('SELECT completed, employed FROM provider_placement WHERE provider_id = $1', [course.providerId]);

    const matches: { id: string; score: number; reasons: MatchReason[]; subsidy: SubsidyQuote }[] = [];
    for (const row of rows) {
      const seeker = seekers.get(row.id)!;
      const subsidy = quoteSubsidy(course, { ...facts, groups: seeker.groups });
      if (ineligibility(course, seeker, subsidy, today) !== null) continue;
      const relevance = relevanceOf(row, course, seeker.groups, occupation?.name ?? course.occupationCode, seeker.major);
      if (!relevance || relevance.value < MIN_RELEVANCE) continue;
      const { score, reasons } = scoreMatch(
        {
          relevance,
          shortage: facts.shortage,
          openDemandHeadcount: demandByCity.get(cityOf(seeker.regionCode)) ?? 0,
          linkedDemand: linked.map((l) => ({ enterpriseName: l.enterprise_name, headcount: l.headcount })),
          netCost: subsidy.netCost,
          courseLevel: course.skillLevel,
          seekerLevel: seeker.currentSkillLevel,
          startsOn: course.startsOn,
          placement: placement ?? null,
          voucher: voucherFor(seeker, course, subsidy),
        },
        this.weights,
        today,
      );
      matches.push({ id: seeker.id, score, reasons, subsidy });
    }
    matches.sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id));
    const top = matches.slice(0, first);
    const entities = await this.seekerEntities(top.map((m) => m.id));
    return top.map((m, i) => ({ jobSeeker: entities.get(m.id)!, score: m.score, rank: i + 1, reasons: m.reasons, subsidy: m.subsidy }));
  }

  /**
   * Seekers of the caller's region who target an occupation that `catalogId` (published) lists with a
   * higher uplift than the catalog it superseded did (or that it did not list), oldest seeker first.
   */
  async upliftedBy(principal: Principal, catalogId: string, first: number): Promise<UpliftedSeeker[]> {
    const scope = staffRegion(principal);
    const [catalog]: { region_code: string; status: string }[] = await this.dataSource.query(
      `SELECT region_code, status FROM shortage_catalog WHERE id = $1`,
      [catalogId],
    );
    const region = catalog?.region_code.trim() ?? '';
    // A draft is shown to the ADMINs of its region only; anyone else learns nothing of it.
    if (!catalog || (catalog.status === ShortageCatalogStatus.DRAFT && !(principal.role === Role.ADMIN && regionCovers(scope, region)))) {
      throw new NotFoundError('ShortageCatalog', catalogId, ['catalogId']);
    }
    if (catalog.status === ShortageCatalogStatus.DRAFT) {
      throw new DomainError('INVALID_STATUS', `shortage catalog ${catalogId} is a draft: seekers gain an uplift once it is published`, ['catalogId']);
    }
    // The seekers the catalog applies to and the caller may see: the narrower of the two regions.
    const within = regionCovers(scope, region) ? region : regionCovers(region, scope) ? scope : null;
    if (!within) throw new DomainError('FORBIDDEN', `the catalog is for region ${region}, outside your region`, ['catalogId']);
    const rows: { seeker_id: string; occupation_code: string; entry_id: string; previous: string }[] = await this.dataSource.query(
      `WITH raised AS (
         SELECT e.id AS entry_id, e.occupation_code, coalesce(p.subsidy_uplift_percent, 0) AS previous
           FROM shortage_catalog_entry e
           LEFT JOIN shortage_catalog prev ON prev.superseded_by_id = e.catalog_id
           LEFT JOIN shortage_catalog_entry p ON p.catalog_id = prev.id AND p.occupation_code = e.occupation_code
          WHERE e.catalog_id = $1 AND e.subsidy_uplift_percent > coalesce(p.subsidy_uplift_percent, 0)
       )
       SELECT s.id::text AS seeker_id, r.occupation_code, r.entry_id::text AS entry_id, r.previous::numeric(5,2)::text AS previous
         FROM job_seeker s JOIN raised r ON r.occupation_code = ANY(s.target_occupation_codes)
        WHERE s.region_code LIKE $2
        ORDER BY s.id, r.occupation_code
        LIMIT $3`,
      [catalogId, `${regionPrefix(within)}%`, first],
    );
    const entities = await this.seekerEntities(rows.map((r) => r.seeker_id));
    return rows.map((r) => ({ jobSeeker: entities.get(r.seeker_id)!, occupationCode: r.occupation_code, entryId: r.entry_id, previousUpliftPercent: r.previous }));
  }

  private async demandByCity(occupationCode: string, today: string): Promise<Map<string, number>> {
    const rows: { city: string; headcount: number }[] = await this.dataSource.query(
      `SELECT left(region_code, 4) || '00' AS city, sum(headcount)::int AS headcount FROM post_demand
        WHERE status = 'OPEN' AND valid_until >= $2::date AND occupation_code = $1 GROUP BY 1`,
      [occupationCode, today],
    );
    return new Map(rows.map((r) => [r.city, r.headcount]));
  }

  private async seekerEntities(ids: readonly string[]): Promise<Map<string, JobSeeker>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(JobSeeker).createQueryBuilder('s').where('s.id IN (:...ids)', { ids: [...new Set(ids)] }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function staffRegion(principal: Principal): string {
  if ((principal.role !== Role.COUNSELLOR && principal.role !== Role.ADMIN) || !principal.regionCode) {
    throw new DomainError('FORBIDDEN', 'only counsellors and admins of a region list the job seekers a course fits');
  }
  return principal.regionCode;
}

/** The same relevance ladder as courseMatches, seen from the course: a target, a voucher's occupation, the major's words in the course's texts, or the seeker's group. */
function relevanceOf(
  row: { is_target: boolean; is_voucher: boolean; is_text: boolean },
  course: Course,
  groups: readonly SeekerGroup[],
  occupationName: string,
  major: string | null,
): Relevance | null {
  if (row.is_target) return { code: MatchReasonCode.TARGET_OCCUPATION, value: RELEVANCE.target, label: `求职意向: ${occupationName}` };
  if (row.is_voucher) return { code: MatchReasonCode.VOUCHER_OCCUPATION, value: RELEVANCE.voucherOccupation, label: `培训券指定职业: ${occupationName}` };
  if (row.is_text && major) return { code: MatchReasonCode.MAJOR, value: RELEVANCE.textWithoutScore, label: `与专业 ${major} 相关` };
  return groupReservedRelevance(course.eligibleGroups, groups);
}
