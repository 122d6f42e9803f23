import type { DataSource, EntityManager } from 'typeorm';
import { Role, regionCovers, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { liveClaimOn } from '../claim/subsidy-claim.service';
import { todayInChina } from '../demand/post-demand-rules';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../enterprise/credit-code';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker, groupsFollowingStatus } from '../seeker/job-seeker.service';
import { EmploymentStatus } from '../seeker/seeker-enums';
import { SKILL_LEVEL_TERMS, skillRank, type SkillLevel } from '../skills/skill-level';
import { Course } from '../supply/course.entity';
import { EnrollmentStatus, TrainingCompletion } from './enrollment-enums';
import { Enrollment } from './enrollment.entity';
import { canReadEnrollment } from './enrollment.service';

export interface CompletionReport {
  enrollmentId: string;
  completion: TrainingCompletion;
  finishedOn: string;
  certificateLevel?: SkillLevel | null;
  certificateNumber?: string | null;
}

export interface EmploymentReport {
  enrollmentId: string;
  employedOn: string;
  employerCreditCode?: string | null;
}

/** Counts over the seats still held (withdrawn ones are not trainees), and the rates a bureau reads. */
export interface TrainingOutcomeCounts {
  enrolled: number;
  reported: number;
  completed: number;
  droppedOut: number;
  certified: number;
  employed: number;
}

export interface TrainingOutcomeSummary extends TrainingOutcomeCounts {
  /** completed / reported, in percent with two places; null while nothing is reported. */
  completionPercent: string | null;
  /** certified / completed. */
  certificationPercent: string | null;
  /** employed / completed. */
  employmentPercent: string | null;
}

const field = (name: string) => ['input', name];

interface ReportRule {
  who: string;
  rule: (principal: Principal, seeker: JobSeeker, course: Course) => boolean;
}

const runsTheCourse = (principal: Principal, course: Course) => principal.role === Role.PROVIDER && !!principal.providerId && principal.providerId === course.providerId;

/** How a seat ended and the certificate it gave: the provider that trained, or the bureau overseeing the course's region. */
const mayReportCompletion: ReportRule = {
  who: 'the provider running the course or an ADMIN of its region',
  rule: (principal, _seeker, course) =>
    runsTheCourse(principal, course) || (principal.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, course.regionCode)),
};

/** Employment: the provider, or the public employment service following the seeker up. */
const mayReportEmployment: ReportRule = {
  who: "the provider running the course or a COUNSELLOR or ADMIN of the seeker's region",
  rule: (principal, seeker, course) => runsTheCourse(principal, course) || (principal.role !== Role.SEEKER && canReadSeeker(principal, seeker)),
};

/** `part / whole` as a percent with two places, rounded half up, in integers (no binary fractions); null for 0 / 0. */
export function percentOf(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const hundredths = Math.floor((part * 10_000 * 2 + whole) / (whole * 2));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

export function summarise(counts: TrainingOutcomeCounts): TrainingOutcomeSummary {
  return {
    ...counts,
    completionPercent: percentOf(counts.completed, counts.reported),
    certificationPercent: percentOf(counts.certified, counts.completed),
    employmentPercent: percentOf(counts.employed, counts.completed),
  };
}

const NO_OUTCOMES: TrainingOutcomeCounts = { enrolled: 0, reported: 0, completed: 0, droppedOut: 0, certified: 0, employed: 0 };

/**
 * Below this many reported seats, outcome figures are for the bureau, counsellors and the provider
 * only: with a handful of trainees, a rate tells who dropped out or found no job.
 */
export const PUBLIC_OUTCOMES_MIN_REPORTED = 10;

/**
 * Whether a caller reads an aggregate: the bureau, counsellors and the provider itself always; anyone
 * else (people choosing a course, 培训效果评价 made public) once enough seats are reported.
 */
export function mayShowOutcomes(principal: Principal | undefined, providerId: string, summary: TrainingOutcomeSummary): boolean {
  return canReadOutcomesOf(principal, providerId) || summary.reported >= PUBLIC_OUTCOMES_MIN_REPORTED;
}

/** Outcome figures of any size: the bureau, counsellors and the provider itself. */
function canReadOutcomesOf(principal: Principal | undefined, providerId: string): boolean {
  if (!principal) return false;
  if (principal.role === Role.PROVIDER) return principal.providerId === providerId;
  return principal.role === Role.ADMIN || principal.role === Role.COUNSELLOR;
}

interface OutcomeRow {
  key: string;
  enrolled: number;
  reported: number;
  completed: number;
  dropped_out: number;
  certified: number;
  employed: number;
}

const COUNT_COLUMNS = `count(*)::int AS enrolled, count(e.completion)::int AS reported,
       count(*) FILTER (WHERE e.completion = 'COMPLETED')::int AS completed,
       count(*) FILTER (WHERE e.completion = 'DROPPED_OUT')::int AS dropped_out,
       count(e.certificate_level)::int AS certified, count(e.employed_on)::int AS employed`;

/**
 * Training outcomes (结业、取证、就业): the provider reports how each seat ended and any certificate,
 * the provider or the seeker's counsellor reports employment, and bureaus read the rates per course
 * and per provider. A certificate raises the seeker's recorded skill level and employment marks them
 * employed, so later matches start from where the person now stands.
 */
export class TrainingOutcomeService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The PROVIDER running the course, or an ADMIN of the course's region. Reporting again corrects the
   * report, until a subsidy claim rests on it (CLAIMED): then only a certificate can be added.
   */
  async reportCompletion(principal: Principal, actor: Actor, report: CompletionReport, today = todayInChina()): Promise<Enrollment> {
    return this.dataSource.transaction(async (manager) => {
      const { enrollment, course, seeker } = await this.lockedSeat(manager, principal, report.enrollmentId, mayReportCompletion);
      const level = report.certificateLevel ?? null;
      const number = report.certificateNumber?.trim() || null;
      const errors: DomainError[] = [];
      if (report.finishedOn > today) errors.push(new DomainError('INVALID', `finishedOn ${report.finishedOn} is in the future`, field('finishedOn')));
      if (report.finishedOn < course.startsOn) errors.push(new DomainError('INVALID', `finishedOn ${report.finishedOn} is before the course started on ${course.startsOn}`, field('finishedOn')));
      if (report.completion === TrainingCompletion.COMPLETED && report.finishedOn < course.endsOn) {
        errors.push(new DomainError('INVALID', `a trainee completes a course on or after its last day, ${course.endsOn}`, field('finishedOn')));
      }
      if (level && report.completion !== TrainingCompletion.COMPLETED) errors.push(new DomainError('INVALID', 'only a trainee who completed the course has a certificate from it', field('certificateLevel')));
      if (level && skillRank(level) > skillRank(course.skillLevel)) {
        errors.push(new DomainError('CERTIFICATE_ABOVE_COURSE', `a course for ${course.skillLevel} cannot lead to a ${level} certificate`, field('certificateLevel')));
      }
      if (level && !number) errors.push(new DomainError('INVALID', 'a certificate is reported with its number', field('certificateNumber')));
      if (number && !level) errors.push(new DomainError('INVALID', 'a certificate number needs the certificate level', field('certificateLevel')));
      if (enrollment.employedOn && report.completion !== TrainingCompletion.COMPLETED) {
        errors.push(new DomainError('INVALID', `employment from ${enrollment.employedOn} is reported for this trainee as a graduate of the course; they cannot have dropped out`, field('completion')));
      }
      if (errors.length) throw new DomainErrors(errors);
      const claim = await liveClaimOn(manager, enrollment.id);
      const certificateChanged = enrollment.certificateLevel !== null && (level !== enrollment.certificateLevel || number !== enrollment.certificateNumber);
      if (claim && (report.completion !== enrollment.completion || report.finishedOn !== enrollment.finishedOn || certificateChanged)) {
        throw new DomainError('CLAIMED', `subsidy claim ${claim.id} (${claim.status}) rests on this outcome, which can no longer change; only a certificate not yet reported can be added`, field('enrollmentId'));
      }

      const before = this.outcomeOf(enrollment);
      const wasCompleted = enrollment.completion === TrainingCompletion.COMPLETED;
      Object.assign(enrollment, { completion: report.completion, finishedOn: report.finishedOn, certificateLevel: level, certificateNumber: number, outcomeReportedAt: new Date() });
      await manager.save(enrollment);
      await addToPlacement(manager, course.providerId, Number(enrollment.completion === TrainingCompletion.COMPLETED) - Number(wasCompleted), 0);
      await recordAudit(manager, actor, 'REPORT_COMPLETION', auditSubject('Enrollment', enrollment.id, course.regionCode, seeker.regionCode), {
        courseId: course.id,
        seekerId: seeker.id,
        ...diff(before, this.outcomeOf(enrollment)),
      });
      if (level) await this.recordCertificate(manager, actor, seeker, course, level, enrollment.id);
      return enrollment;
    });
  }

  /** The PROVIDER running the course, or a COUNSELLOR or ADMIN of the seeker's region following them up. */
  async reportEmployment(principal: Principal, actor: Actor, report: EmploymentReport, today = todayInChina()): Promise<Enrollment> {
    return this.dataSource.transaction(async (manager) => {
      const { enrollment, course, seeker } = await this.lockedSeat(manager, principal, report.enrollmentId, mayReportEmployment);
      if (enrollment.completion !== TrainingCompletion.COMPLETED) {
        throw new DomainError('NOT_COMPLETED', `enrollment ${enrollment.id} has no completion reported; employment is reported after the provider reports the course completed`, field('enrollmentId'));
      }
      const employer = report.employerCreditCode?.trim().toUpperCase() || null;
      const errors: DomainError[] = [];
      if (report.employedOn > today) errors.push(new DomainError('INVALID', `employedOn ${report.employedOn} is in the future`, field('employedOn')));
      if (report.employedOn < course.startsOn) errors.push(new DomainError('INVALID', `employedOn ${report.employedOn} is before the course started on ${course.startsOn}`, field('employedOn')));
      const problem = employer ? creditCodeProblem(employer) : undefined;
      if (problem) errors.push(new DomainError('INVALID', `employerCreditCode ${CREDIT_CODE_MESSAGES[problem]}`, field('employerCreditCode')));
      if (errors.length) throw new DomainErrors(errors);

      const before = this.outcomeOf(enrollment);
      const wasEmployed = enrollment.employedOn !== null;
      Object.assign(enrollment, { employedOn: report.employedOn, employerCreditCode: employer, outcomeReportedAt: new Date() });
      await manager.save(enrollment);
      await addToPlacement(manager, course.providerId, 0, wasEmployed ? 0 : 1);
      await recordAudit(manager, actor, 'REPORT_EMPLOYMENT', auditSubject('Enrollment', enrollment.id, course.regionCode, seeker.regionCode), {
        courseId: course.id,
        seekerId: seeker.id,
        ...diff(before, this.outcomeOf(enrollment)),
      });
      if (seeker.employmentStatus !== EmploymentStatus.EMPLOYED) {
        const employed = { employmentStatus: EmploymentStatus.EMPLOYED, groups: groupsFollowingStatus(seeker.groups, EmploymentStatus.EMPLOYED) };
        await manager.update(JobSeeker, { id: seeker.id }, employed);
        await recordAudit(manager, actor, 'UPDATE', auditSubject('JobSeeker', seeker.id, seeker.regionCode), {
          ...diff(seeker, employed),
          because: { enrollmentId: enrollment.id, reported: 'EMPLOYMENT' },
        });
      }
      return enrollment;
    });
  }

  async outcomesOfCourses(courseIds: readonly string[]): Promise<Map<string, TrainingOutcomeSummary>> {
    const rows: OutcomeRow[] = await this.dataSource.query(
      `SELECT e.course_id::text AS key, ${COUNT_COLUMNS}
         FROM enrollment e
        WHERE e.course_id = ANY($1::bigint[]) AND e.status = 'ENROLLED'
        GROUP BY e.course_id`,
      [courseIds],
    );
    return summaries(courseIds, rows);
  }

  async outcomesOfProviders(providerIds: readonly string[]): Promise<Map<string, TrainingOutcomeSummary>> {
    const rows: OutcomeRow[] = await this.dataSource.query(
      `SELECT c.provider_id::text AS key, ${COUNT_COLUMNS}
         FROM enrollment e JOIN course c ON c.id = e.course_id
        WHERE c.provider_id = ANY($1::bigint[]) AND e.status = 'ENROLLED'
        GROUP BY c.provider_id`,
      [providerIds],
    );
    return summaries(providerIds, rows);
  }

  /**
   * The seat, locked so two reports cannot interleave, with its course and seeker. Callers who may
   * not read the enrolment get NOT_FOUND, as for any id they may not see; those who may read it but
   * not report this part of it, FORBIDDEN.
   */
  private async lockedSeat(manager: EntityManager, principal: Principal, enrollmentId: string, may: ReportRule): Promise<{ enrollment: Enrollment; course: Course; seeker: JobSeeker }> {
    const notFound = () => new NotFoundError('Enrollment', enrollmentId, field('enrollmentId'));
    const seat = await manager.getRepository(Enrollment).findOne({ where: { id: enrollmentId }, select: { id: true, courseId: true } });
    if (!seat) throw notFound();
    // Course before seat, the order cancelling a course takes them in; the share lock keeps the course from being cancelled under this report.
    const course = await manager.getRepository(Course).findOneOrFail({ where: { id: seat.courseId }, lock: { mode: 'pessimistic_read' } });
    const enrollment = await manager.getRepository(Enrollment).findOneOrFail({ where: { id: enrollmentId }, lock: { mode: 'pessimistic_write' } });
    // Locked too: a certificate or a job rewrites the seeker's level, certificates or status from what is read here.
    const seeker = await manager.getRepository(JobSeeker).findOneOrFail({ where: { id: enrollment.seekerId }, lock: { mode: 'pessimistic_write' } });
    if (!may.rule(principal, seeker, course)) {
      if (!canReadEnrollment(principal, seeker, course)) throw notFound();
      throw new DomainError('FORBIDDEN', `only ${may.who} may report this`, field('enrollmentId'));
    }
    if (enrollment.status !== EnrollmentStatus.ENROLLED) {
      throw new DomainError('NOT_ENROLLED', `enrollment ${enrollment.id} was withdrawn on ${enrollment.withdrawnAt!.toISOString().slice(0, 10)}; a seat given back has no outcome`, field('enrollmentId'));
    }
    return { enrollment, course, seeker };
  }

  /** Adds the certificate to the seeker's record and raises their level to it; a lower certificate never lowers it. */
  private async recordCertificate(manager: EntityManager, actor: Actor, seeker: JobSeeker, course: Course, level: SkillLevel, enrollmentId: string): Promise<void> {
    const [occupation]: { name: string }[] = await manager.query('SELECT name FROM occupation WHERE code = $1', [course.occupationCode]);
    const certificate = `${occupation?.name ?? course.occupationCode} 职业技能等级证书（${SKILL_LEVEL_TERMS[level]}）`;
    const certificates = seeker.certificates.includes(certificate) ? seeker.certificates : [...seeker.certificates, certificate];
    const raised = seeker.currentSkillLevel === null || skillRank(level) > skillRank(seeker.currentSkillLevel);
    const currentSkillLevel = raised ? level : seeker.currentSkillLevel;
    if (certificates === seeker.certificates && !raised) return;
    await manager.update(JobSeeker, { id: seeker.id }, { certificates, currentSkillLevel });
    await recordAudit(manager, actor, 'UPDATE', auditSubject('JobSeeker', seeker.id, seeker.regionCode), {
      ...(certificates !== seeker.certificates ? { certificates: { from: seeker.certificates, to: certificates } } : {}),
      ...(raised ? { currentSkillLevel: { from: seeker.currentSkillLevel, to: level } } : {}),
      because: { enrollmentId, reported: 'CERTIFICATE' },
    });
  }

  private outcomeOf(e: Enrollment): Record<string, unknown> {
    return { completion: e.completion, finishedOn: e.finishedOn, certificateLevel: e.certificateLevel, certificateNumber: e.certificateNumber, employedOn: e.employedOn, employerCreditCode: e.employerCreditCode };
  }
}

/** Moves a provider's running totals by what one report changed. */
async function addToPlacement(manager: EntityManager, providerId: string, completed: number, employed: number): Promise<void> {
  if (completed === 0 && employed === 0) return;
  // Not one INSERT … ON CONFLICT: PostgreSQL checks the row it would insert, (0 completed, 1 employed), before finding the conflict.
  await manager.query('INSERT INTO provider_placement (provider_id) VALUES ($1) ON CONFLICT DO NOTHING', [providerId]);
  await manager.query('UPDATE provider_placement SET completed = completed + $2, employed = employed + $3 WHERE provider_id = $1', [providerId, completed, employed]);
}

function summaries(keys: readonly string[], rows: OutcomeRow[]): Map<string, TrainingOutcomeSummary> {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return new Map(
    keys.map((key) => {
      const r = byKey.get(key);
      const counts = r ? { enrolled: r.enrolled, reported: r.reported, completed: r.completed, droppedOut: r.dropped_out, certified: r.certified, employed: r.employed } : NO_OUTCOMES;
      return [key, summarise(counts)];
    }),
  );
}
