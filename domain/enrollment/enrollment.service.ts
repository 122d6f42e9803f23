import type { DataSource, EntityManager } from 'typeorm';
import { enqueueCourseReindex } from '../../search/courses.index';
import { Role, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, NotFoundError } from '../../server/errors';
import { apprenticeshipOn, INTERNSHIP_MIN_MONTHS, type Apprenticeship } from '../apprenticeship/apprentice-rules';
import { WorkAgreement } from '../apprenticeship/work-agreement.entity';
import { agreementFact } from '../apprenticeship/work-agreement.service';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker, effectiveGroups } from '../seeker/job-seeker.service';
import { Course } from '../supply/course.entity';
import { loadQuoteFacts, type FactsCourse } from '../supply/subsidy-facts';
import { quoteSubsidy } from '../supply/subsidy-quote';
import { CourseStatus, TrainingType, type CourseMode, type SeekerGroup } from '../supply/supply-enums';
import { redeemVoucher, releaseVouchers } from '../voucher/training-voucher.service';
import { EnrollmentStatus } from './enrollment-enums';
import { Enrollment } from './enrollment.entity';

export interface EnrollInput {
  courseId: string;
  seekerId: string;
  /** A training voucher of the seeker's that the seat uses. */
  voucherId?: string | null;
}

export interface WithdrawInput {
  enrollmentId: string;
  reason?: string | null;
}

export interface EnrollmentFilter {
  courseId?: string;
  seekerId?: string;
  status?: EnrollmentStatus;
  /** true: seats whose outcome the provider has reported; false: those still waiting for one. */
  outcomeReported?: boolean;
}

/** The course as the seat was taken: locked by that UPDATE until the enrolment commits. */
interface SeatCourse extends FactsCourse {
  title: string;
  mode: CourseMode;
  eligibleGroups: SeekerGroup[];
}

interface SeatRow {
  id: string;
  provider_id: string;
  title: string;
  region_code: string;
  occupation_code: string;
  skill_level: FactsCourse['skillLevel'];
  training_type: FactsCourse['trainingType'];
  starts_on: string;
  ends_on: string;
  fee: string;
  mode: CourseMode;
  eligible_groups: SeekerGroup[];
}

const field = (name: string) => ['input', name];
const DATABASE_ID = /^\d{1,18}$/;

/**
 * Who may see an enrolment: whoever may read the seeker (the seeker, counsellors and admins of their
 * region) and the provider running the course, which needs its roster.
 */
export function canReadEnrollment(principal: Principal | undefined, seeker: Pick<JobSeeker, 'id' | 'regionCode'>, course: Pick<Course, 'providerId'>): boolean {
  if (canReadSeeker(principal, seeker)) return true;
  return principal?.role === Role.PROVIDER && !!principal.providerId && principal.providerId === course.providerId;
}

/** The audit's note of a voucher a seat gave back, when it had one. */
const voucherFreed = (voucherId: string | undefined) => (voucherId ? { voucherId: { from: voucherId, to: null } } : {});

/** Why enrolments end when their course is cancelled; shown to whoever reads the enrolment. */
const COURSE_CANCELLED_REASON = '课程已取消';

/**
 * Ends every live enrolment of a course being cancelled, inside the cancelling transaction, each
 * audited as withdrawn because of the cancellation. Returns how many seats that gives back, for the
 * caller to take off the course it holds locked.
 */
export async function withdrawEnrollmentsOfCancelledCourse(manager: EntityManager, actor: Actor, course: Pick<Course, 'id' | 'regionCode'>): Promise<number> {
  const ended: { id: string; seeker_id: string; seeker_region: string }[] = await manager.query(
    `UPDATE enrollment e SET status = 'WITHDRAWN', withdrawn_at = now(), withdrawal_reason = $2
       FROM job_seeker s
      WHERE e.course_id = $1 AND e.status = 'ENROLLED' AND s.id = e.seeker_id
      RETURNING e.id::text AS id, e.seeker_id::text AS seeker_id, s.region_code AS seeker_region`,
    [course.id, COURSE_CANCELLED_REASON],
  ).then(([rows]: [{ id: string; seeker_id: string; seeker_region: string }[]]) => rows);
  const freed = await releaseVouchers(manager, ended.map((e) => e.id));
  for (const e of ended) {
    await recordAudit(manager, actor, 'WITHDRAW', auditSubject('Enrollment', e.id, course.regionCode, e.seeker_region), {
      courseId: course.id,
      seekerId: e.seeker_id,
      status: { from: EnrollmentStatus.ENROLLED, to: EnrollmentStatus.WITHDRAWN },
      reason: 'COURSE_CANCELLED',
      ...voucherFreed(freed.get(e.id)),
    });
  }
  return ended.length;
}

export class EnrollmentService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Enrollment>> {
    const rows = await this.dataSource.getRepository(Enrollment).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Each seeker's trainings: the seats they hold (given-back ones were never trainings), in the order taken. */
  async heldBySeekers(seekerIds: readonly string[]): Promise<Map<string, Enrollment[]>> {
    const rows = await this.dataSource
      .getRepository(Enrollment)
      .createQueryBuilder('e')
      .where('e.seeker_id IN (:...ids) AND e.status = :held', { ids: seekerIds, held: EnrollmentStatus.ENROLLED })
      .orderBy('e.id')
      .getMany();
    const bySeeker = new Map<string, Enrollment[]>();
    for (const row of rows) bySeeker.set(row.seekerId, [...(bySeeker.get(row.seekerId) ?? []), row]);
    return bySeeker;
  }

  /**
   * Enrolments the principal may read, in the order the seats were taken: a SEEKER their own, a
   * PROVIDER those on its courses, a COUNSELLOR or ADMIN those of the seekers of its region.
   */
  async list(principal: Principal, filter: EnrollmentFilter, offset: number, limit: number): Promise<{ items: Enrollment[]; total: number }> {
    const qb = this.dataSource.getRepository(Enrollment).createQueryBuilder('e');
    const ownId = (id: string | undefined) => (id && DATABASE_ID.test(id) ? id : '0');
    if (principal.role === Role.SEEKER) {
      qb.andWhere('e.seeker_id = :self', { self: ownId(principal.seekerId) });
    } else if (principal.role === Role.PROVIDER) {
      qb.innerJoin(Course, 'c', 'c.id = e.course_id').andWhere('c.provider_id = :provider', { provider: ownId(principal.providerId) });
    } else if (principal.role === Role.COUNSELLOR || principal.role === Role.ADMIN) {
      if (!principal.regionCode) throw new DomainError('FORBIDDEN', 'your token has no region');
      qb.innerJoin(JobSeeker, 's', 's.id = e.seeker_id').andWhere('s.region_code LIKE :scope', { scope: regionPrefix(principal.regionCode) + '%' });
    } else {
      throw new DomainError('FORBIDDEN', 'only job seekers, providers, counsellors and admins may read enrolments');
    }
    if (filter.courseId) qb.andWhere('e.course_id = :courseId', { courseId: filter.courseId });
    if (filter.seekerId) qb.andWhere('e.seeker_id = :seekerId', { seekerId: filter.seekerId });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.outcomeReported !== undefined) qb.andWhere(filter.outcomeReported ? 'e.completion IS NOT NULL' : "e.completion IS NULL AND e.status = 'ENROLLED'");
    qb.orderBy('e.id', 'ASC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /**
   * The seeker themself, or a COUNSELLOR or ADMIN of the seeker's region, takes a seat on a PUBLISHED
   * course that has not started, for a seeker in its eligible groups and without another enrolment
   * whose dates overlap, using the seeker's training voucher when one is given (`redeemVoucher`).
   * The seat, the enrolment with its quote, the voucher, the reindex and the audit entry commit
   * together or not at all.
   */
  async enroll(principal: Principal, actor: Actor, input: EnrollInput, today = todayInChina()): Promise<Enrollment> {
    return this.dataSource.transaction(async (manager) => {
      // Enrolments of one seeker queue on this lock, so two racing for overlapping courses cannot both pass the overlap check.
      const seeker = await manager.getRepository(JobSeeker).findOne({ where: { id: input.seekerId }, lock: { mode: 'pessimistic_write' } });
      if (!seeker || !canReadSeeker(principal, seeker)) throw new NotFoundError('JobSeeker', input.seekerId, field('seekerId'));
      const course = await this.takeSeat(manager, input.courseId, today);
      const groups = effectiveGroups(seeker, today);
      if (course.eligibleGroups.length > 0 && !course.eligibleGroups.some((g) => groups.includes(g))) {
        throw new DomainError('NOT_ELIGIBLE', `course ${course.id} is only for trainees of the groups ${course.eligibleGroups.join(', ')}; job seeker ${seeker.id} is in none of them`, field('seekerId'));
      }
      await this.assertNoOverlap(manager, seeker.id, course);
      const apprenticeship = course.trainingType === TrainingType.NEW_APPRENTICESHIP ? await this.apprenticeshipFor(manager, seeker, course) : null;
      const facts = await loadQuoteFacts(manager, [course]);
      const quote = quoteSubsidy(course, { ...facts.get(course.id)!, groups });
      const enrollment = await manager.save(
        manager.getRepository(Enrollment).create({
          courseId: course.id,
          seekerId: seeker.id,
          status: EnrollmentStatus.ENROLLED,
          withdrawnAt: null,
          withdrawalReason: null,
          fee: quote.fee,
          totalSubsidy: quote.totalSubsidy,
          netCost: quote.netCost,
          traineeGroups: groups,
          quote,
          apprenticeEmployerId: apprenticeship?.enterpriseId ?? null,
          apprenticeVia: apprenticeship?.via ?? null,
        }),
      );
      const voucher = input.voucherId ? await redeemVoucher(manager, input.voucherId, seeker.id, course, quote, enrollment.id, today) : null;
      await enqueueCourseReindex(manager, [course.id]);
      await recordAudit(manager, actor, 'ENROLL', auditSubject('Enrollment', enrollment.id, course.regionCode, seeker.regionCode), {
        courseId: course.id,
        seekerId: seeker.id,
        ...(voucher ? { voucherId: { from: null, to: voucher.id } } : {}),
        status: { from: null, to: EnrollmentStatus.ENROLLED },
        fee: quote.fee,
        totalSubsidy: quote.totalSubsidy,
        netCost: quote.netCost,
        traineeGroups: groups,
        ...(apprenticeship ? { apprenticeEmployerId: apprenticeship.enterpriseId, apprenticeVia: apprenticeship.via } : {}),
      });
      return enrollment;
    });
  }

  /**
   * New apprenticeship (企业新型学徒制) trains an enterprise's own people: the seeker must be its
   * apprentice on the course's first day by an agreement on file (`apprenticeshipOn`); NOT_ELIGIBLE
   * otherwise. The seat records whose apprentice they are, which decides who the subsidy is paid to.
   */
  private async apprenticeshipFor(manager: EntityManager, seeker: JobSeeker, course: SeatCourse): Promise<Apprenticeship> {
    const agreements = await manager.getRepository(WorkAgreement).find({ where: { seekerId: seeker.id }, order: { startsOn: 'ASC', id: 'ASC' } });
    const apprenticeship = apprenticeshipOn({ educationLevel: seeker.educationLevel, graduationDate: seeker.graduationDate, agreements: agreements.map(agreementFact) }, course.startsOn);
    if (!apprenticeship) {
      throw new DomainError(
        'NOT_ELIGIBLE',
        `course ${course.id} is new apprenticeship (企业新型学徒制), for an enterprise's employees and for graduating-year students interning with it for ${INTERNSHIP_MIN_MONTHS} months or more; job seeker ${seeker.id} has no such agreement on file for ${course.startsOn}`,
        field('seekerId'),
      );
    }
    return apprenticeship;
  }

  /** Gives the seat back: the seeker themself, or a COUNSELLOR or ADMIN of the seeker's region. */
  async withdraw(principal: Principal, actor: Actor, input: WithdrawInput): Promise<Enrollment> {
    return this.dataSource.transaction(async (manager) => {
      const seat = await manager.getRepository(Enrollment).findOne({ where: { id: input.enrollmentId }, select: { id: true, courseId: true } });
      // Course before seat, the order cancelling a course takes them in, so a withdrawal and a cancellation queue instead of deadlocking.
      const [course]: { region_code: string }[] = seat ? await manager.query('SELECT region_code FROM course WHERE id = $1 FOR UPDATE', [seat.courseId]) : [];
      const enrollment = seat && (await manager.getRepository(Enrollment).findOne({ where: { id: seat.id }, lock: { mode: 'pessimistic_write' } }));
      const seeker = enrollment && (await manager.getRepository(JobSeeker).findOneBy({ id: enrollment.seekerId }));
      if (!enrollment || !seeker || !canReadSeeker(principal, seeker)) throw new NotFoundError('Enrollment', input.enrollmentId, field('enrollmentId'));
      if (enrollment.status === EnrollmentStatus.WITHDRAWN) {
        throw new DomainError('ALREADY_WITHDRAWN', `enrollment ${enrollment.id} was already withdrawn on ${enrollment.withdrawnAt!.toISOString()}`, field('enrollmentId'));
      }
      if (enrollment.completion) {
        throw new DomainError('OUTCOME_REPORTED', `enrollment ${enrollment.id} ended ${enrollment.completion} on ${enrollment.finishedOn}; a seat with a reported outcome is not given back`, field('enrollmentId'));
      }
      const reason = input.reason?.trim() || null;
      enrollment.status = EnrollmentStatus.WITHDRAWN;
      enrollment.withdrawnAt = new Date();
      enrollment.withdrawalReason = reason;
      await manager.save(enrollment);
      await manager.query('UPDATE course SET enrolled = enrolled - 1, updated_at = now(), version = version + 1 WHERE id = $1', [enrollment.courseId]);
      const freed = await releaseVouchers(manager, [enrollment.id]);
      await enqueueCourseReindex(manager, [enrollment.courseId]);
      // A reason may say why in personal terms (illness, family): the trail notes only that one was given.
      await recordAudit(manager, actor, 'WITHDRAW', auditSubject('Enrollment', enrollment.id, course.region_code, seeker.regionCode), {
        courseId: enrollment.courseId,
        seekerId: enrollment.seekerId,
        status: { from: EnrollmentStatus.ENROLLED, to: EnrollmentStatus.WITHDRAWN },
        reasonGiven: reason !== null,
        ...voucherFreed(freed.get(enrollment.id)),
        fee: enrollment.fee,
        totalSubsidy: enrollment.totalSubsidy,
        netCost: enrollment.netCost,
      });
      return enrollment;
    });
  }

  /**
   * One conditional UPDATE takes the seat, so concurrent enrolments can never exceed capacity; it
   * also locks the course row, keeping its dates and groups fixed until this enrolment commits.
   * When it updates nothing, the course row says why.
   */
  private async takeSeat(manager: EntityManager, courseId: string, today: string): Promise<SeatCourse> {
    const [rows]: [SeatRow[], number] = await manager.query(
      `UPDATE course SET enrolled = enrolled + 1, updated_at = now(), version = version + 1
        WHERE id = $1 AND status = 'PUBLISHED' AND starts_on >= $2::date AND enrolled < capacity
       RETURNING id::text AS id, provider_id::text AS provider_id, title, region_code, occupation_code, skill_level, training_type,
                 starts_on::text AS starts_on, ends_on::text AS ends_on, fee::text AS fee, mode, eligible_groups::text[] AS eligible_groups`,
      [courseId, today],
    );
    const [row] = rows;
    if (row) {
      return {
        id: row.id,
        providerId: row.provider_id,
        title: row.title,
        regionCode: row.region_code.trim(),
        occupationCode: row.occupation_code,
        skillLevel: row.skill_level,
        trainingType: row.training_type,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        fee: row.fee,
        mode: row.mode,
        eligibleGroups: row.eligible_groups,
      };
    }
    const [course]: { status: CourseStatus; starts_on: string; capacity: number }[] = await manager.query(
      'SELECT status, starts_on::text AS starts_on, capacity FROM course WHERE id = $1',
      [courseId],
    );
    if (!course) throw new NotFoundError('Course', courseId, field('courseId'));
    if (course.status === CourseStatus.DRAFT) throw new DomainError('COURSE_NOT_OPEN', `course ${courseId} is a draft, not yet open for enrolment`, field('courseId'));
    if (course.status === CourseStatus.CANCELLED) throw new DomainError('COURSE_NOT_OPEN', `course ${courseId} is cancelled`, field('courseId'));
    if (course.starts_on < today) throw new DomainError('COURSE_NOT_OPEN', `course ${courseId} started on ${course.starts_on}; enrolment is closed`, field('courseId'));
    throw new DomainError('COURSE_FULL', `course ${courseId} is full: all ${course.capacity} seats are taken`, field('courseId'));
  }

  /** Enrolments in cancelled courses do not count: the seeker may take another course on those dates. */
  private async assertNoOverlap(manager: EntityManager, seekerId: string, course: SeatCourse): Promise<void> {
    const [other]: { id: string; title: string; starts_on: string; ends_on: string }[] = await manager.query(
      `SELECT c.id::text AS id, c.title, c.starts_on::text AS starts_on, c.ends_on::text AS ends_on
         FROM enrollment e JOIN course c ON c.id = e.course_id
        WHERE e.seeker_id = $1 AND e.status = 'ENROLLED' AND c.status <> 'CANCELLED'
          AND c.starts_on <= $3::date AND c.ends_on >= $2::date
        ORDER BY (c.id = $4) DESC, c.starts_on, c.id
        LIMIT 1`,
      [seekerId, course.startsOn, course.endsOn, course.id],
    );
    if (!other) return;
    const message =
      other.id === course.id
        ? `job seeker ${seekerId} is already enrolled in course ${course.id}`
        : `job seeker ${seekerId} is already enrolled in course ${other.id} “${other.title}” (${other.starts_on} to ${other.ends_on}), whose dates overlap those of course ${course.id} (${course.startsOn} to ${course.endsOn})`;
    throw new DomainError('OVERLAPPING_ENROLLMENT', message, field('courseId'));
  }
}
