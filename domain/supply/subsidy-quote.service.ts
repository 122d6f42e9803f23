import type { DataSource } from 'typeorm';
import { Role, regionCovers, type Principal } from '../../server/auth';
import { NotFoundError } from '../../server/errors';
import { heldQuoteFacts, loadQuoteFacts, type FactsCourse } from './subsidy-facts';
import { quoteSubsidy, type SubsidyQuote } from './subsidy-quote';
import { CourseStatus, type SeekerGroup } from './supply-enums';

interface QuotableCourse extends FactsCourse {
  status: CourseStatus;
}

interface CourseRow {
  id: string;
  provider_id: string;
  region_code: string;
  occupation_code: string;
  skill_level: FactsCourse['skillLevel'];
  training_type: FactsCourse['trainingType'];
  starts_on: string;
  ends_on: string;
  fee: string;
  status: CourseStatus;
}

/** A published course is public; a draft or cancelled one only to its provider and to staff of its region. */
function canSee(viewer: Principal | undefined, course: QuotableCourse): boolean {
  if (course.status === CourseStatus.PUBLISHED) return true;
  if (!viewer) return false;
  if (viewer.role === Role.PROVIDER) return viewer.providerId === course.providerId;
  if (viewer.role === Role.ADMIN || viewer.role === Role.COUNSELLOR) return !!viewer.regionCode && regionCovers(viewer.regionCode, course.regionCode);
  return false;
}

export class SubsidyQuoteService {
  constructor(private readonly dataSource: DataSource) {}

  /** One course's subsidy for a trainee of `groups`; NOT_FOUND on `courseId` when there is no such course the viewer may see. */
  async quote(courseId: string, groups: readonly SeekerGroup[], viewer: Principal | undefined): Promise<SubsidyQuote> {
    const [course] = await this.courses([courseId]);
    if (!course || !canSee(viewer, course)) throw new NotFoundError('Course', courseId, ['courseId']);
    const facts = await loadQuoteFacts(this.dataSource.manager, [course]);
    return quoteSubsidy(course, { ...facts.get(course.id)!, groups });
  }

  /**
   * Quotes of many courses for a trainee of `groups` (none: the plain course subsidy, as lists and
   * search documents show it), in two statements whatever their number. Unknown ids are left out;
   * there is no visibility check, for callers that already hold the courses.
   */
  async quotes(courseIds: readonly string[], groups: readonly SeekerGroup[] = []): Promise<Map<string, SubsidyQuote>> {
    return this.quotesOf(await this.courses(courseIds), groups);
  }

  /**
   * The same for courses the caller has read already (a page of them): no statement when the
   * caller's statement read `factsVersion` and it is the held copy's, else one for the facts.
   */
  async quotesOf(courses: readonly FactsCourse[], groups: readonly SeekerGroup[] = [], factsVersion?: string): Promise<Map<string, SubsidyQuote>> {
    const manager = this.dataSource.manager;
    const facts = heldQuoteFacts(manager, courses, factsVersion) ?? (await loadQuoteFacts(manager, courses));
    return new Map(courses.map((c) => [c.id, quoteSubsidy(c, { ...facts.get(c.id)!, groups })]));
  }

  private async courses(ids: readonly string[]): Promise<QuotableCourse[]> {
    const numeric = [...new Set(ids.filter((id) => /^\d{1,18}$/.test(id)))];
    if (numeric.length === 0) return [];
    const rows: CourseRow[] = await this.dataSource.query(
      `SELECT id::text AS id, provider_id::text AS provider_id, region_code, occupation_code, skill_level, training_type,
              starts_on::text AS starts_on, ends_on::text AS ends_on, fee::text AS fee, status
         FROM course WHERE id = ANY($1::bigint[])`,
      [numeric],
    );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      regionCode: r.region_code.trim(),
      occupationCode: r.occupation_code,
      skillLevel: r.skill_level,
      trainingType: r.training_type,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      fee: r.fee,
      status: r.status,
    }));
  }
}
