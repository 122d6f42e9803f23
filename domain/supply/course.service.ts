import type { DataSource, EntityManager } from 'typeorm';
import { enqueueCourseReindex } from '../../search/courses.index';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { PostDemand } from '../demand/post-demand.entity';
import { todayInChina } from '../demand/post-demand-rules';
import { checkCourseFields, linkedDemandProblems, loadCourseReference, type CourseFields } from './course-rules';
import { Course } from './course.entity';
import { assertCanActForProvider } from './provider.service';
import { Provider } from './provider.entity';
import { notAdmittedReason } from './subsidy-facts';
import { CourseStatus } from './supply-enums';
import { withdrawEnrollmentsOfCancelledCourse } from '../enrollment/enrollment.service';

export interface CreateCourseInput extends CourseFields {
  providerId: string;
  linkedPostDemandIds?: string[];
}

/** Every field may be left out; `address`, `certificate`, `description: null` clear them, `linkedPostDemandIds: []` unlinks all. */
export type UpdateCoursePatch = Partial<CourseFields> & { linkedPostDemandIds?: string[] };

/** Which unpublished (draft, cancelled) courses of a provider a reader sees: all, those in a region, or none. */
export type DraftScope = 'ALL' | 'NONE' | { regionCode: string };

const FIELDS: (keyof CourseFields)[] = [
  'title',
  'occupationCode',
  'skillLevel',
  'trainingType',
  'mode',
  'hours',
  'startsOn',
  'endsOn',
  'regionCode',
  'address',
  'capacity',
  'fee',
  'eligibleGroups',
  'certificate',
  'description',
];
const CLEARABLE = new Set<keyof CourseFields>(['address', 'certificate', 'description']);
const STAFF = [Role.ADMIN, Role.COUNSELLOR];

/**
 * Published courses are public. Others only for the provider itself and for staff (ADMIN,
 * COUNSELLOR) of a region covering the provider (who acts for it) or the course.
 */
export function draftScopeFor(principal: Principal | undefined, provider: Pick<Provider, 'id' | 'regionCode'>): DraftScope {
  if (!principal) return 'NONE';
  if (principal.role === Role.PROVIDER) return principal.providerId === provider.id ? 'ALL' : 'NONE';
  if (!STAFF.includes(principal.role) || !principal.regionCode) return 'NONE';
  return regionCovers(principal.regionCode, provider.regionCode) ? 'ALL' : { regionCode: principal.regionCode };
}

export function canReadCourse(principal: Principal | undefined, course: Pick<Course, 'status' | 'regionCode'>, provider: Pick<Provider, 'id' | 'regionCode'>): boolean {
  if (course.status === CourseStatus.PUBLISHED) return true;
  const scope = draftScopeFor(principal, provider);
  return scope === 'ALL' || (scope !== 'NONE' && regionCovers(scope.regionCode, course.regionCode));
}

/** The region an ADMIN may place courses in; a provider may run courses anywhere. */
const writeScope = (principal: Principal) => (principal.role === Role.ADMIN ? principal.regionCode : undefined);

function pick(course: Course): CourseFields {
  return Object.fromEntries(FIELDS.map((f) => [f, course[f]])) as unknown as CourseFields;
}

export class CourseService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Course>> {
    const rows = await this.dataSource.getRepository(Course).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * One page of courses for each provider, newest first, with each provider's total, in two
   * queries whatever the number of providers (a page of providers with their courses).
   */
  async listForProviders(
    providerIds: readonly string[],
    status: CourseStatus | undefined,
    drafts: DraftScope,
    offset: number,
    limit: number,
  ): Promise<Map<string, { items: Course[]; total: number }>> {
    const conditions = ['c.provider_id = ANY($1::bigint[])'];
    const params: unknown[] = [providerIds, offset, offset + limit];
    if (status) conditions.push(`c.status = $${params.push(status)}`);
    if (drafts === 'NONE') conditions.push(`c.status = 'PUBLISHED'`);
    else if (drafts !== 'ALL') conditions.push(`(c.status = 'PUBLISHED' OR c.region_code LIKE $${params.push(regionPrefix(drafts.regionCode) + '%')})`);
    // rn = 1 rides along so a provider whose page is empty still reports its total.
    const rows: { providerId: string; id: string; rn: number; total: number }[] = await this.dataSource.query(
      `SELECT "providerId", id, rn, total FROM (
         SELECT c.provider_id::text AS "providerId", c.id::text AS id,
                row_number() OVER (PARTITION BY c.provider_id ORDER BY c.id DESC)::int AS rn,
                count(*) OVER (PARTITION BY c.provider_id)::int AS total
           FROM course c WHERE ${conditions.join(' AND ')}) w
        WHERE rn = 1 OR (rn > $2 AND rn <= $3)`,
      params,
    );
    const pageIds = rows.filter((r) => r.rn > offset && r.rn <= offset + limit).map((r) => r.id);
    const courses = pageIds.length ? await this.byIds(pageIds) : new Map<string, Course>();
    const result = new Map(providerIds.map((id) => [id, { items: [] as Course[], total: 0 }]));
    for (const row of rows.sort((a, b) => a.rn - b.rn)) {
      const page = result.get(row.providerId)!;
      page.total = row.total;
      if (row.rn > offset && row.rn <= offset + limit) page.items.push(courses.get(row.id)!);
    }
    return result;
  }

  /** The post demand each course trains for, by post-demand id. */
  async linkedPostDemandsOf(courseIds: readonly string[]): Promise<Map<string, PostDemand[]>> {
    const links: { courseId: string; postDemandId: string }[] = await this.dataSource.query(
      `SELECT course_id::text AS "courseId", post_demand_id::text AS "postDemandId" FROM course_post_demand
        WHERE course_id = ANY($1::bigint[]) ORDER BY course_id, post_demand_id`,
      [courseIds],
    );
    const result = new Map<string, PostDemand[]>(courseIds.map((id) => [id, []]));
    if (links.length === 0) return result;
    const ids = [...new Set(links.map((l) => l.postDemandId))];
    const lines = new Map((await this.dataSource.getRepository(PostDemand).createQueryBuilder('pd').where('pd.id IN (:...ids)', { ids }).getMany()).map((l) => [l.id, l]));
    for (const link of links) result.get(link.courseId)?.push(lines.get(link.postDemandId)!);
    return result;
  }

  /** The provider itself, or an ADMIN of its region, creates a DRAFT course. */
  async create(principal: Principal, actor: Actor, input: CreateCourseInput, today = todayInChina()): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const provider = await manager.getRepository(Provider).findOneBy({ id: input.providerId });
      if (!provider) throw new NotFoundError('Provider', input.providerId, ['input', 'providerId']);
      assertCanActForProvider(principal, provider, ['input', 'providerId']);
      const fields: CourseFields = Object.fromEntries(FIELDS.map((f) => [f, input[f]])) as unknown as CourseFields;
      const reference = await loadCourseReference(manager, fields.occupationCode, fields.regionCode, today);
      const { errors, values } = checkCourseFields(fields, reference, { path: ['input'], scopeRegion: writeScope(principal), enrolled: 0, startIsNew: true });
      const linked = input.linkedPostDemandIds ?? [];
      errors.push(...(await linkedDemandProblems(manager, linked, new Set(), ['input'], today)));
      if (errors.length) throw new DomainErrors(errors);

      const course = manager.getRepository(Course).create({
        ...values,
        providerId: provider.id,
        enrolled: 0,
        status: CourseStatus.DRAFT,
        publishedAt: null,
      });
      await manager.save(course);
      const linkedPostDemandIds = await this.setLinks(manager, course.id, linked);
      await enqueueCourseReindex(manager, [course.id]);
      await recordAudit(manager, actor, 'CREATE', auditSubject('Course', course.id, course.regionCode), { providerId: provider.id, ...values, linkedPostDemandIds });
      return course;
    });
  }

  /** Changes fields of a DRAFT or PUBLISHED course (a published course stays published); every rule of creation holds for the result. */
  async update(principal: Principal, actor: Actor, id: string, patch: UpdateCoursePatch, today = todayInChina()): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const { course } = await this.lockForWriting(manager, principal, id);
      if (course.status === CourseStatus.CANCELLED) {
        throw new DomainError('INVALID_STATUS', `course ${id} is CANCELLED and can no longer be changed`, ['input', 'courseId']);
      }
      const given = Object.fromEntries(FIELDS.filter((f) => (CLEARABLE.has(f) ? patch[f] !== undefined : patch[f] != null)).map((f) => [f, patch[f]]));
      const merged: CourseFields = { ...pick(course), ...given };
      const regionChanges = merged.regionCode !== course.regionCode;
      const reference = await loadCourseReference(manager, merged.occupationCode, merged.regionCode, today);
      const { errors, values } = checkCourseFields(merged, reference, {
        path: ['input'],
        scopeRegion: regionChanges ? writeScope(principal) : undefined,
        enrolled: course.enrolled,
        startIsNew: merged.startsOn !== course.startsOn,
      });
      const linked = patch.linkedPostDemandIds ? await this.linksOf(manager, course.id) : [];
      if (patch.linkedPostDemandIds) errors.push(...(await linkedDemandProblems(manager, patch.linkedPostDemandIds, new Set(linked), ['input'], today)));
      if (errors.length) throw new DomainErrors(errors);

      const changes = diff(pick(course), values);
      if (patch.linkedPostDemandIds) Object.assign(changes, diff({ linkedPostDemandIds: linked }, { linkedPostDemandIds: [...new Set(patch.linkedPostDemandIds)].sort(byNumber) }));
      if (Object.keys(changes).length === 0) return course;
      const subject = auditSubject('Course', course.id, course.regionCode, values.regionCode);
      Object.assign(course, values);
      await manager.save(course);
      if (changes.linkedPostDemandIds) await this.setLinks(manager, course.id, patch.linkedPostDemandIds!);
      await enqueueCourseReindex(manager, [course.id]);
      await recordAudit(manager, actor, 'UPDATE', subject, changes);
      return course;
    });
  }

  /** Puts a DRAFT course on offer; only while its provider is admitted for the course's whole dates. */
  async publish(principal: Principal, actor: Actor, id: string): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const { course, provider } = await this.lockForWriting(manager, principal, id);
      if (course.status !== CourseStatus.DRAFT) {
        throw new DomainError('INVALID_STATUS', `course ${id} is ${course.status}; only a DRAFT course can be published`, ['input', 'courseId']);
      }
      // FOR SHARE on the provider: a suspension running at the same time waits for this publish, or this publish sees it.
      await manager.query('SELECT 1 FROM provider WHERE id = $1 FOR SHARE', [provider.id]);
      const admissions: Parameters<typeof notAdmittedReason>[1] = await manager.query(
        `SELECT provider_id::text, admitted_from::text, admitted_until::text, suspended_on::text, suspension_reason
           FROM provider_admission WHERE provider_id = $1`,
        [provider.id],
      );
      const reason = notAdmittedReason(course, admissions);
      if (reason) throw new DomainError('NOT_ADMITTED', reason, ['input', 'courseId']);
      course.status = CourseStatus.PUBLISHED;
      course.publishedAt = new Date();
      await manager.save(course);
      await enqueueCourseReindex(manager, [course.id]);
      await recordAudit(manager, actor, 'PUBLISH', auditSubject('Course', course.id, course.regionCode), { status: { from: CourseStatus.DRAFT, to: CourseStatus.PUBLISHED } });
      return course;
    });
  }

  /**
   * Takes a DRAFT or PUBLISHED course off offer for good; it stays readable to its provider and staff
   * as CANCELLED. Its live enrolments end with it (withdrawn, reason 课程已取消).
   */
  async cancel(principal: Principal, actor: Actor, id: string): Promise<Course> {
    return this.dataSource.transaction(async (manager) => {
      const { course } = await this.lockForWriting(manager, principal, id);
      if (course.status === CourseStatus.CANCELLED) {
        throw new DomainError('INVALID_STATUS', `course ${id} is already CANCELLED`, ['input', 'courseId']);
      }
      const [reported]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM enrollment WHERE course_id = $1 AND completion IS NOT NULL', [course.id]);
      if (reported.n > 0) {
        throw new DomainError('INVALID_STATUS', `course ${id} ran: the outcomes of ${reported.n} trainee(s) are reported, so it cannot be cancelled`, ['input', 'courseId']);
      }
      const from = course.status;
      // Trainees do not keep seats in a course that will not run; their counsellors see why.
      const withdrawnEnrollments = await withdrawEnrollmentsOfCancelledCourse(manager, actor, course);
      course.status = CourseStatus.CANCELLED;
      course.enrolled -= withdrawnEnrollments;
      await manager.save(course);
      await enqueueCourseReindex(manager, [course.id]);
      await recordAudit(manager, actor, 'CANCEL', auditSubject('Course', course.id, course.regionCode), { status: { from, to: CourseStatus.CANCELLED }, withdrawnEnrollments });
      return course;
    });
  }

  /** The course, locked, and its provider, when the caller may act for that provider; NOT_FOUND or FORBIDDEN on `courseId` otherwise. */
  private async lockForWriting(manager: EntityManager, principal: Principal, id: string): Promise<{ course: Course; provider: Provider }> {
    const course = await manager.getRepository(Course).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!course) throw new NotFoundError('Course', id, ['input', 'courseId']);
    const provider = await manager.getRepository(Provider).findOneByOrFail({ id: course.providerId });
    assertCanActForProvider(principal, provider, ['input', 'courseId']);
    return { course, provider };
  }

  private async linksOf(manager: EntityManager, courseId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query('SELECT post_demand_id::text AS id FROM course_post_demand WHERE course_id = $1', [courseId]);
    return rows.map((r) => r.id).sort(byNumber);
  }

  /** Makes the course's links exactly `ids`; returns them sorted, as audited. */
  private async setLinks(manager: EntityManager, courseId: string, ids: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(ids)].sort(byNumber);
    await manager.query('DELETE FROM course_post_demand WHERE course_id = $1 AND post_demand_id <> ALL($2::bigint[])', [courseId, wanted]);
    if (wanted.length) {
      await manager.query('INSERT INTO course_post_demand (course_id, post_demand_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING', [courseId, wanted]);
    }
    return wanted;
  }
}

const byNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
