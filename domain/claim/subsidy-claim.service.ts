import type { DataSource, EntityManager } from 'typeorm';
import { Role, regionCovers, regionRange, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { ApprenticeVia, subsidisingContract, type AgreementFact, type WorkAgreementKind } from '../apprenticeship/apprentice-rules';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import type { EnrollmentStatus, TrainingCompletion } from '../enrollment/enrollment-enums';
import { cityOf } from '../matching/match-scoring';
import type { SkillLevel } from '../skills/skill-level';
import { misusedSeats, riskSignals } from '../supervision/subsidy-risk.service';
import { notAdmittedReason } from '../supply/subsidy-facts';
import { SubsidyLineKind, type SubsidyQuote } from '../supply/subsidy-quote';
import { yuan } from '../supply/money';
import { COMPETITION_LEVEL_TERMS, type CompetitionLevel } from '../supply/supply-enums';
import { regionAndAncestors } from '../../search/post-demands.index';
import { LIVE_CLAIM_STATUSES, RecoveryStatus, SubsidyClaimStatus, SubsidyPayee, claimLineKey, claimTotals, claimableLines, type ClaimLine } from './claim-rules';
import { SubsidyClaim } from './subsidy-claim.entity';

export enum ClaimDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

export interface ReviewClaimInput {
  claimId: string;
  decision: ClaimDecision;
  note?: string | null;
  acknowledgeRisks?: boolean | null;
}

export interface RecordPaymentInput {
  claimIds: string[];
  paidOn: string;
  paymentReference: string;
}

export interface ClaimFilter {
  status?: SubsidyClaimStatus;
  recoveryStatus?: RecoveryStatus;
  courseId?: string;
  providerId?: string;
  seekerId?: string;
  paymentReference?: string;
}

export interface ClaimTotals {
  count: number;
  amount: string;
  toEnterprise: string;
  toProvider: string;
  toTrainee: string;
}

const field = (...path: (string | number)[]) => ['input', ...path.map(String)];
const DATABASE_ID = /^\d{1,18}$/;

interface SeatRow {
  id: string;
  seeker_id: string;
  seeker_region: string;
  status: EnrollmentStatus;
  completion: TrainingCompletion | null;
  finished_on: string | null;
  certificate_level: SkillLevel | null;
  quote: SubsidyQuote;
  course_id: string;
  provider_id: string;
  region_code: string;
  skill_level: SkillLevel;
  starts_on: string;
  ends_on: string;
  held_by_voucher: boolean;
  apprentice_employer_id: string | null;
  apprentice_via: ApprenticeVia | null;
  graduation_date: string | null;
}

interface FinalistRow {
  id: string;
  seeker_id: string;
  seeker_region: string;
  enterprise_id: string | null;
  provider_id: string | null;
  sender_region: string;
  sender_name: string;
  competition: string;
  level: CompetitionLevel;
  final_on: string;
}

interface CompetitionStandardRow {
  id: string;
  amount: string;
  region_code: string;
  competition_level: CompetitionLevel;
  effective_from: string;
  effective_until: string | null;
  basis: string | null;
}

interface AdmissionRow {
  provider_id: string;
  admitted_from: string;
  admitted_until: string;
  suspended_on: string | null;
  suspension_reason: string | null;
}

/** The bureau of the course's region (or a region above it) reviews and pays a claim. */
export const administers = (principal: Principal | undefined, regionCode: string) => principal?.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, regionCode);

/**
 * Subsidy claims and their payment (补贴申领、审核、拨付): the provider claims what a completed seat
 * earned, the bureau of the course's region approves — after seeing the supervision signals on the
 * seat — or rejects with a reason, and records the payment. Each line of a quote is paid at most
 * once; the seat's outcome cannot change under a live claim.
 */
export class SubsidyClaimService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, SubsidyClaim>> {
    const valid = ids.filter((id) => DATABASE_ID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(SubsidyClaim).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Each seat's claims, oldest first. */
  async byEnrollmentIds(enrollmentIds: readonly string[]): Promise<Map<string, SubsidyClaim[]>> {
    const rows = await this.dataSource.getRepository(SubsidyClaim).createQueryBuilder('c').where('c.enrollment_id IN (:...ids)', { ids: enrollmentIds }).orderBy('c.id').getMany();
    const bySeat = new Map<string, SubsidyClaim[]>();
    for (const row of rows) bySeat.set(row.enrollmentId!, [...(bySeat.get(row.enrollmentId!) ?? []), row]);
    return bySeat;
  }

  /** Per seeker, what PAID claims on their seats paid them and paid in all (providers and enterprises included), less money recovered. */
  async paidBySeekers(seekerIds: readonly string[]): Promise<Map<string, { toTrainee: string; amount: string }>> {
    const rows: { seeker_id: string; to_trainee: string; amount: string }[] = await this.dataSource.query(
      `SELECT seeker_id::text AS seeker_id, sum(to_trainee)::numeric(14, 2)::text AS to_trainee, sum(amount)::numeric(14, 2)::text AS amount
         FROM subsidy_claim WHERE seeker_id = ANY($1::bigint[]) AND status = 'PAID' AND recovery_status IS DISTINCT FROM 'RECOVERED' GROUP BY seeker_id`,
      [seekerIds],
    );
    return new Map(rows.map((r) => [r.seeker_id, { toTrainee: r.to_trainee, amount: r.amount }]));
  }

  /** Whether the caller may read a claim: the bureau of its region, the provider claiming, the trainee, the apprentice's enterprise. */
  canRead(principal: Principal | undefined, claim: SubsidyClaim): boolean {
    if (!principal) return false;
    if (principal.role === Role.PROVIDER) return principal.providerId === claim.providerId;
    if (principal.role === Role.SEEKER) return principal.seekerId === claim.seekerId;
    if (principal.role === Role.ENTERPRISE) return !!claim.enterpriseId && principal.enterpriseId === claim.enterpriseId;
    return administers(principal, claim.regionCode);
  }

  /** Newest first, with the count and sums of everything the filter selects (what a payment batch adds up to). */
  async list(principal: Principal, filter: ClaimFilter, offset: number, limit: number): Promise<{ items: SubsidyClaim[]; totals: ClaimTotals }> {
    const qb = this.dataSource.getRepository(SubsidyClaim).createQueryBuilder('c');
    const own = (id: string | undefined) => (id && DATABASE_ID.test(id) ? id : '0');
    if (principal.role === Role.PROVIDER) qb.andWhere('c.provider_id = :self', { self: own(principal.providerId) });
    else if (principal.role === Role.SEEKER) qb.andWhere('c.seeker_id = :self', { self: own(principal.seekerId) });
    else if (principal.role === Role.ENTERPRISE) qb.andWhere('c.enterprise_id = :self', { self: own(principal.enterpriseId) });
    else if (principal.role === Role.ADMIN && principal.regionCode) {
      const [low, high] = regionRange(principal.regionCode);
      qb.andWhere('c.region_code >= :low AND c.region_code < :high', { low, high });
    }
    else throw new DomainError('FORBIDDEN', 'only admins with a region, providers, enterprises and job seekers may read subsidy claims');
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.recoveryStatus) qb.andWhere('c.recovery_status = :recoveryStatus', { recoveryStatus: filter.recoveryStatus });
    if (filter.courseId) qb.andWhere('c.course_id = :courseId', { courseId: filter.courseId });
    if (filter.providerId) qb.andWhere('c.provider_id = :providerId', { providerId: filter.providerId });
    if (filter.seekerId) qb.andWhere('c.seeker_id = :seekerId', { seekerId: filter.seekerId });
    if (filter.paymentReference) qb.andWhere('c.payment_reference = :reference', { reference: filter.paymentReference.trim() });
    const sums = await qb
      .clone()
      .select('count(*)::int', 'count')
      .addSelect('coalesce(sum(c.amount), 0)::numeric(14, 2)::text', 'amount')
      .addSelect('coalesce(sum(c.to_enterprise), 0)::numeric(14, 2)::text', 'toEnterprise')
      .addSelect('coalesce(sum(c.to_provider), 0)::numeric(14, 2)::text', 'toProvider')
      .addSelect('coalesce(sum(c.to_trainee), 0)::numeric(14, 2)::text', 'toTrainee')
      .getRawOne<ClaimTotals>();
    const items = await qb.orderBy('c.id', 'DESC').skip(offset).take(limit).getMany();
    return { items, totals: sums! };
  }

  /**
   * One claim per seat named, all or none, for what each completed seat earned and no claim holds
   * yet. The provider running the course claims, or the bureau of the course's region on a trainee's
   * behalf. Refused per seat: NOT_FOUND, NOT_CLAIMABLE (not completed, dropped out, nothing due),
   * ALREADY_CLAIMED, NOT_ADMITTED (the provider lost its admission for the course's dates since).
   */
  async claim(principal: Principal, actor: Actor, enrollmentIds: string[], today = todayInChina()): Promise<SubsidyClaim[]> {
    const problems: DomainError[] = [];
    enrollmentIds.forEach((id, i) => {
      if (enrollmentIds.indexOf(id) !== i) problems.push(new DomainError('INVALID', `enrollment ${id} is named twice`, field('enrollmentIds', i)));
    });
    return this.dataSource.transaction(async (manager) => {
      // Seats locked in id order, as reporting an outcome locks its one seat, so a claim and a correction queue.
      const seats: SeatRow[] = await manager.query(
        `SELECT e.id::text AS id, e.seeker_id::text AS seeker_id, s.region_code AS seeker_region, e.status, e.completion, e.finished_on::text AS finished_on,
                e.certificate_level, e.quote, c.id::text AS course_id, c.provider_id::text AS provider_id, c.region_code, c.skill_level,
                c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
                EXISTS (SELECT 1 FROM training_voucher v WHERE v.enrollment_id = e.id) AS held_by_voucher,
                e.apprentice_employer_id::text AS apprentice_employer_id, e.apprentice_via, s.graduation_date::text AS graduation_date
           FROM enrollment e
           JOIN course c ON c.id = e.course_id
           JOIN job_seeker s ON s.id = e.seeker_id
          WHERE e.id = ANY($1::bigint[])
          ORDER BY e.id
            FOR UPDATE OF e`,
        [enrollmentIds.filter((id) => DATABASE_ID.test(id))],
      );
      const byId = new Map(seats.map((s) => [s.id, s]));
      const claimed = await this.claimedKeys(manager, seats.map((s) => s.id));
      const admissions = await this.admissionsOf(manager, [...new Set(seats.map((s) => s.provider_id))]);
      const misused = await misusedSeats(manager, seats.map((s) => s.id));
      const agreements = await this.agreementsOf(manager, seats.filter((s) => s.apprentice_via === ApprenticeVia.INTERNSHIP).map((s) => s.seeker_id));
      const contractBegun = (seat: SeatRow) => {
        const contract = subsidisingContract({ graduationDate: seat.graduation_date, agreements: agreements.get(seat.seeker_id) ?? [] }, seat.apprentice_employer_id!);
        return contract !== null && contract.startsOn <= today;
      };
      const due = new Map<string, ClaimLine[]>();
      enrollmentIds.forEach((id, i) => {
        const seat = byId.get(id);
        const at = field('enrollmentIds', i);
        if (!seat || !(administers(principal, seat.region_code) || (principal.role === Role.PROVIDER && principal.providerId === seat.provider_id))) {
          return problems.push(new NotFoundError('Enrollment', id, at));
        }
        const notAdmitted = notAdmittedReason({ startsOn: seat.starts_on, endsOn: seat.ends_on }, admissions.get(seat.provider_id) ?? []);
        if (notAdmitted) return problems.push(new DomainError('NOT_ADMITTED', `enrollment ${id}: ${notAdmitted}`, at));
        const misuse = misused.get(id);
        if (misuse) return problems.push(new DomainError('MISUSE_CONFIRMED', `enrollment ${id}: supervision check ${misuse} confirmed its subsidy was misused; it earns none`, at));
        const outcome = claimableLines(
          {
            status: seat.status,
            completion: seat.completion,
            finishedOn: seat.finished_on,
            certificateLevel: seat.certificate_level,
            quote: seat.quote,
            courseSkillLevel: seat.skill_level,
            heldByVoucher: seat.held_by_voucher,
            apprenticeship: seat.apprentice_via && { via: seat.apprentice_via, subsidisingContractBegun: seat.apprentice_via === ApprenticeVia.INTERNSHIP && contractBegun(seat) },
          },
          claimed.get(id) ?? new Set(),
        );
        if ('refusal' in outcome) return problems.push(new DomainError(outcome.refusal.code, `enrollment ${id}: ${outcome.refusal.message}`, at));
        due.set(id, outcome.lines);
      });
      if (problems.length > 0) throw new DomainErrors(problems);
      const claims = await manager.save(
        enrollmentIds.map((id) => {
          const seat = byId.get(id)!;
          const lines = due.get(id)!;
          return manager.getRepository(SubsidyClaim).create({
            enrollmentId: id,
            seekerId: seat.seeker_id,
            courseId: seat.course_id,
            providerId: seat.provider_id,
            regionCode: seat.region_code,
            enterpriseId: seat.apprentice_employer_id,
            lines,
            ...claimTotals(lines),
            status: SubsidyClaimStatus.SUBMITTED,
            reviewedAt: null,
            reviewNote: null,
            risksAcknowledged: [],
            paidOn: null,
            paymentReference: null,
          });
        }),
      );
      for (const claim of claims) {
        await recordAudit(manager, actor, 'CLAIM_SUBSIDY', this.subjectOf(claim, byId.get(claim.enrollmentId!)!.seeker_region), {
          enrollmentId: claim.enrollmentId,
          courseId: claim.courseId,
          lines: claim.lines.map((l) => ({ kind: l.kind, amount: l.amount, payee: l.payee })),
          amount: claim.amount,
        });
      }
      return claims;
    });
  }

  /**
   * One claim per competition finalist named, all or none, for the COMPETITION standard of the
   * competition's level in force on its final day where the sender is (004 §(十四)), paid to the
   * enterprise or college that sent the finalist. Claimed by that enterprise or college, or the bureau
   * of its region. Refused per finalist: NOT_FOUND, ALREADY_CLAIMED, NOT_CLAIMABLE (no standard).
   */
  async claimForFinalists(principal: Principal, actor: Actor, finalistIds: string[]): Promise<SubsidyClaim[]> {
    const problems: DomainError[] = [];
    finalistIds.forEach((id, i) => {
      if (finalistIds.indexOf(id) !== i) problems.push(new DomainError('INVALID', `finalist ${id} is named twice`, field('finalistIds', i)));
    });
    return this.dataSource.transaction(async (manager) => {
      const rows: FinalistRow[] = await manager.query(
        `SELECT f.id::text AS id, f.seeker_id::text AS seeker_id, s.region_code AS seeker_region, f.enterprise_id::text AS enterprise_id, f.provider_id::text AS provider_id,
                coalesce(e.region_code, p.region_code) AS sender_region, coalesce(e.name, p.name) AS sender_name,
                c.name AS competition, c.level, c.final_on::text AS final_on
           FROM competition_finalist f
           JOIN competition c ON c.id = f.competition_id
           JOIN job_seeker s ON s.id = f.seeker_id
           LEFT JOIN enterprise e ON e.id = f.enterprise_id
           LEFT JOIN provider p ON p.id = f.provider_id
          WHERE f.id = ANY($1::bigint[])
          ORDER BY f.id
            FOR UPDATE OF f`,
        [finalistIds.filter((id) => DATABASE_ID.test(id))],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      // Read after the lock, in a statement of its own, so a claim committed while this one waited is seen.
      const claimed = new Set(
        (
          await manager.query(`SELECT finalist_id::text AS id FROM subsidy_claim WHERE finalist_id = ANY($1::bigint[]) AND status = ANY($2::subsidy_claim_status[])`, [rows.map((r) => r.id), LIVE_CLAIM_STATUSES])
        ).map((r: { id: string }) => r.id),
      );
      const standards = await this.competitionStandards(manager, [...new Set(rows.flatMap((r) => regionAndAncestors(r.sender_region.trim())))]);
      const lines = new Map<string, ClaimLine>();
      for (const [i, id] of finalistIds.entries()) {
        const finalist = byId.get(id);
        const at = field('finalistIds', i);
        const sends = finalist && (finalist.enterprise_id ? principal.role === Role.ENTERPRISE && principal.enterpriseId === finalist.enterprise_id : principal.role === Role.PROVIDER && principal.providerId === finalist.provider_id);
        if (!finalist || !(sends || administers(principal, finalist.sender_region))) {
          problems.push(new NotFoundError('CompetitionFinalist', id, at));
          continue;
        }
        if (claimed.has(id)) {
          problems.push(new DomainError('ALREADY_CLAIMED', `finalist ${id}: the competition subsidy is in a claim already`, at));
          continue;
        }
        // The nearest region's standard for the level in force on the final, the latest first.
        const regions = regionAndAncestors(finalist.sender_region.trim());
        const standard = standards
          .filter((s) => s.competition_level === finalist.level && regions.includes(s.region_code) && s.effective_from <= finalist.final_on && (s.effective_until === null || s.effective_until >= finalist.final_on))
          .sort((a, b) => regions.indexOf(a.region_code) - regions.indexOf(b.region_code) || b.effective_from.localeCompare(a.effective_from))[0];
        if (!standard || yuan(standard.amount) === 0n) {
          problems.push(new DomainError('NOT_CLAIMABLE', `finalist ${id}: no COMPETITION standard for ${finalist.level} competitions was in force on ${finalist.final_on} where ${finalist.sender_name} is`, at));
          continue;
        }
        lines.set(id, {
          kind: SubsidyLineKind.COMPETITION,
          label: `竞赛补贴（${COMPETITION_LEVEL_TERMS[finalist.level]}竞赛决赛选手）：${finalist.competition}；补贴标准 #${standard.id}（${standard.region_code}，${standard.effective_from} 起${standard.basis ? `，${standard.basis}` : ''}）`,
          amount: standard.amount,
          payee: finalist.enterprise_id ? SubsidyPayee.ENTERPRISE : SubsidyPayee.PROVIDER,
          standardId: standard.id,
          catalogEntryId: null,
        });
      }
      if (problems.length > 0) throw new DomainErrors(problems);
      const claims = await manager.save(
        finalistIds.map((id) => {
          const finalist = byId.get(id)!;
          const line = lines.get(id)!;
          return manager.getRepository(SubsidyClaim).create({
            enrollmentId: null,
            finalistId: id,
            seekerId: finalist.seeker_id,
            courseId: null,
            providerId: finalist.provider_id,
            enterpriseId: finalist.enterprise_id,
            regionCode: cityOf(finalist.sender_region.trim()),
            lines: [line],
            ...claimTotals([line]),
            status: SubsidyClaimStatus.SUBMITTED,
            reviewedAt: null,
            reviewNote: null,
            risksAcknowledged: [],
            paidOn: null,
            paymentReference: null,
          });
        }),
      );
      for (const claim of claims) {
        await recordAudit(manager, actor, 'CLAIM_SUBSIDY', this.subjectOf(claim, byId.get(claim.finalistId!)!.seeker_region), {
          finalistId: claim.finalistId,
          lines: claim.lines.map((l) => ({ kind: l.kind, amount: l.amount, payee: l.payee })),
          amount: claim.amount,
        });
      }
      return claims;
    });
  }

  /**
   * The bureau's decision on a SUBMITTED claim. Approval re-checks the provider's admission and looks
   * for supervision signals on the seat: with any, it needs `acknowledgeRisks` and a note saying why
   * the signals do not stand (RISK_SIGNALS otherwise). Rejection needs the reason.
   */
  async review(principal: Principal, actor: Actor, input: ReviewClaimInput): Promise<SubsidyClaim> {
    const note = input.note?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      const claim = await this.lockedClaim(manager, principal, input.claimId, field('claimId'));
      if (claim.status !== SubsidyClaimStatus.SUBMITTED) {
        throw new DomainError('NOT_SUBMITTED', `claim ${claim.id} is ${claim.status} already; only a SUBMITTED claim is reviewed`, field('claimId'));
      }
      const seekerRegion = await this.seekerRegion(manager, claim.seekerId);
      let acknowledged: string[] = [];
      if (input.decision === ClaimDecision.REJECT) {
        if (!note) throw new DomainError('INVALID', 'a rejection says why, for the provider and the trainee', field('note'));
      } else if (claim.enrollmentId) {
        // A seat's claim: the provider must still be admitted, and supervision's signals on the seat are seen first.
        const notAdmitted = await this.notAdmitted(manager, claim.courseId!, claim.providerId!);
        if (notAdmitted) throw new DomainError('NOT_ADMITTED', `claim ${claim.id}: ${notAdmitted}; reject it`, field('claimId'));
        // A signal the bureau checked and cleared asks nothing more of the reviewer.
        const signals = (await riskSignals(manager, cityOf(seekerRegion), undefined, [claim.enrollmentId])).filter((s) => s.checkId === null);
        acknowledged = [...new Set(signals.map((s) => s.kind))].sort();
        if (acknowledged.length > 0 && !input.acknowledgeRisks) {
          const seen = signals.map((s) => `${s.label}（${s.explanation}）`).join('；');
          throw new DomainError('RISK_SIGNALS', `claim ${claim.id} rests on a seat with supervision signals: ${seen}; check them, then approve with acknowledgeRisks and a note, or reject`, field('acknowledgeRisks'));
        }
        if (acknowledged.length > 0 && !note) throw new DomainError('INVALID', 'approving despite supervision signals needs a note saying why they do not stand', field('note'));
      }
      const before = claim.status;
      Object.assign(claim, {
        status: input.decision === ClaimDecision.APPROVE ? SubsidyClaimStatus.APPROVED : SubsidyClaimStatus.REJECTED,
        reviewedAt: new Date(),
        reviewNote: note,
        risksAcknowledged: acknowledged,
      });
      await manager.save(claim);
      // The note may be about the person; the trail records that there is one, as for withdrawals.
      await recordAudit(manager, actor, 'REVIEW_SUBSIDY_CLAIM', this.subjectOf(claim, seekerRegion), {
        enrollmentId: claim.enrollmentId,
        status: { from: before, to: claim.status },
        ...(acknowledged.length ? { risksAcknowledged: acknowledged } : {}),
        noted: note !== null,
      });
      return claim;
    });
  }

  /** Marks APPROVED claims paid in one payment batch, all or none. */
  async recordPayment(principal: Principal, actor: Actor, input: RecordPaymentInput, today = todayInChina()): Promise<SubsidyClaim[]> {
    const reference = input.paymentReference.trim();
    return this.dataSource.transaction(async (manager) => {
      const batch = { claimIds: input.claimIds, reference, day: input.paidOn, today };
      const claims = await claimsForBatch(manager, principal, batch, { reference: 'paymentReference', day: 'paidOn' }, (claim, at) => {
        if (claim.status !== SubsidyClaimStatus.APPROVED) return new DomainError('NOT_APPROVED', `claim ${claim.id} is ${claim.status}; only an APPROVED claim is paid`, at);
        const approvedOn = todayInChina(claim.reviewedAt!);
        return input.paidOn < approvedOn ? new DomainError('INVALID', `paidOn ${input.paidOn} is before claim ${claim.id} was approved on ${approvedOn}`, field('paidOn')) : null;
      });
      const paid = claims.map((claim) => Object.assign(claim, { status: SubsidyClaimStatus.PAID, paidOn: input.paidOn, paymentReference: reference }));
      await manager.save(paid);
      const seekerRegions = await this.seekerRegions(manager, paid.map((c) => c.seekerId));
      for (const claim of paid) {
        await recordAudit(manager, actor, 'PAY_SUBSIDY_CLAIM', this.subjectOf(claim, seekerRegions.get(claim.seekerId)), {
          enrollmentId: claim.enrollmentId,
          status: { from: SubsidyClaimStatus.APPROVED, to: SubsidyClaimStatus.PAID },
          amount: claim.amount,
          paidOn: input.paidOn,
          paymentReference: reference,
        });
      }
      return paid;
    });
  }

  private async claimedKeys(manager: EntityManager, enrollmentIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: { enrollment_id: string; lines: ClaimLine[] }[] = await manager.query(
      `SELECT enrollment_id::text AS enrollment_id, lines FROM subsidy_claim WHERE enrollment_id = ANY($1::bigint[]) AND status = ANY($2::subsidy_claim_status[])`,
      [enrollmentIds, LIVE_CLAIM_STATUSES],
    );
    const keys = new Map<string, Set<string>>();
    for (const row of rows) {
      const set = keys.get(row.enrollment_id) ?? new Set();
      row.lines.forEach((line) => set.add(claimLineKey(line)));
      keys.set(row.enrollment_id, set);
    }
    return keys;
  }

  private async competitionStandards(manager: EntityManager, regionCodes: string[]): Promise<CompetitionStandardRow[]> {
    return manager.query(
      `SELECT id::text AS id, amount::text AS amount, region_code, competition_level, effective_from::text AS effective_from, effective_until::text AS effective_until, basis
         FROM subsidy_standard WHERE kind::text = 'COMPETITION' AND region_code = ANY($1::char(6)[])`,
      [regionCodes],
    );
  }

  private async agreementsOf(manager: EntityManager, seekerIds: string[]): Promise<Map<string, AgreementFact[]>> {
    const rows: { seeker_id: string; enterprise_id: string; kind: WorkAgreementKind; starts_on: string; ends_on: string | null }[] = await manager.query(
      `SELECT seeker_id::text AS seeker_id, enterprise_id::text AS enterprise_id, kind, starts_on::text AS starts_on, ends_on::text AS ends_on
         FROM work_agreement WHERE seeker_id = ANY($1::bigint[])`,
      [seekerIds],
    );
    const bySeeker = new Map<string, AgreementFact[]>();
    for (const r of rows) bySeeker.set(r.seeker_id, [...(bySeeker.get(r.seeker_id) ?? []), { enterpriseId: r.enterprise_id, kind: r.kind, startsOn: r.starts_on, endsOn: r.ends_on }]);
    return bySeeker;
  }

  private async admissionsOf(manager: EntityManager, providerIds: string[]): Promise<Map<string, AdmissionRow[]>> {
    const rows: AdmissionRow[] = await manager.query(
      `SELECT provider_id::text AS provider_id, admitted_from::text AS admitted_from, admitted_until::text AS admitted_until,
              suspended_on::text AS suspended_on, suspension_reason
         FROM provider_admission WHERE provider_id = ANY($1::bigint[])`,
      [providerIds],
    );
    const byProvider = new Map<string, AdmissionRow[]>();
    for (const row of rows) byProvider.set(row.provider_id, [...(byProvider.get(row.provider_id) ?? []), row]);
    return byProvider;
  }

  private async notAdmitted(manager: EntityManager, courseId: string, providerId: string): Promise<string | null> {
    const [course]: { starts_on: string; ends_on: string }[] = await manager.query('SELECT starts_on::text AS starts_on, ends_on::text AS ends_on FROM course WHERE id = $1', [courseId]);
    const admissions = await this.admissionsOf(manager, [providerId]);
    return notAdmittedReason({ startsOn: course.starts_on, endsOn: course.ends_on }, admissions.get(providerId) ?? []);
  }

  /** The claim locked, for an ADMIN whose region covers it; NOT_FOUND for everyone else, so ids reveal nothing. */
  private async lockedClaim(manager: EntityManager, principal: Principal, claimId: string, at: string[]): Promise<SubsidyClaim> {
    const claim = DATABASE_ID.test(claimId) ? await manager.getRepository(SubsidyClaim).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!claim || !administers(principal, claim.regionCode)) throw new NotFoundError('SubsidyClaim', claimId, at);
    return claim;
  }

  private async seekerRegion(manager: EntityManager, seekerId: string): Promise<string> {
    return (await this.seekerRegions(manager, [seekerId])).get(seekerId)!;
  }

  private async seekerRegions(manager: EntityManager, seekerIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; region_code: string }[] = await manager.query('SELECT id::text AS id, region_code FROM job_seeker WHERE id = ANY($1::bigint[])', [seekerIds]);
    return new Map(rows.map((r) => [r.id, r.region_code]));
  }

  /** The course's bureau and the trainee's read the trail of a claim. */
  private subjectOf(claim: SubsidyClaim, seekerRegion: string | undefined) {
    return auditSubject('SubsidyClaim', claim.id, claim.regionCode, seekerRegion);
  }
}

/** The first live claim resting on a seat, if any: the outcome it was claimed on must then stand. */
export async function liveClaimOn(manager: EntityManager, enrollmentId: string): Promise<SubsidyClaim | null> {
  return manager
    .getRepository(SubsidyClaim)
    .createQueryBuilder('c')
    .where('c.enrollment_id = :enrollmentId AND c.status IN (:...live)', { enrollmentId, live: LIVE_CLAIM_STATUSES })
    .orderBy('c.id')
    .getOne();
}

/**
 * The claims of a finance batch (a payment, a recovery), in the order named and locked in id order:
 * the reference given, the day not in the future, each claim named once and the caller's bureau's,
 * and accepted by `refusal`. Every problem is reported at once, on its field.
 */
export async function claimsForBatch(
  manager: EntityManager,
  principal: Principal,
  batch: { claimIds: string[]; reference: string; day: string; today: string },
  fields: { reference: string; day: string },
  refusal: (claim: SubsidyClaim, at: string[]) => DomainError | null,
): Promise<SubsidyClaim[]> {
  const problems: DomainError[] = [];
  if (!batch.reference) problems.push(new DomainError('INVALID', `${fields.reference} names the transfer`, field(fields.reference)));
  if (batch.day > batch.today) problems.push(new DomainError('INVALID', `${fields.day} ${batch.day} is in the future`, field(fields.day)));
  const locked = await manager
    .getRepository(SubsidyClaim)
    .createQueryBuilder('c')
    .where('c.id IN (:...ids)', { ids: batch.claimIds.filter((id) => DATABASE_ID.test(id)).concat('0') })
    .orderBy('c.id')
    .setLock('pessimistic_write')
    .getMany();
  const byId = new Map(locked.map((c) => [c.id, c]));
  batch.claimIds.forEach((id, i) => {
    const claim = byId.get(id);
    const at = field('claimIds', i);
    if (batch.claimIds.indexOf(id) !== i) problems.push(new DomainError('INVALID', `claim ${id} is named twice`, at));
    else if (!claim || !administers(principal, claim.regionCode)) problems.push(new NotFoundError('SubsidyClaim', id, at));
    else {
      const refused = refusal(claim, at);
      if (refused) problems.push(refused);
    }
  });
  if (problems.length > 0) throw new DomainErrors(problems);
  return batch.claimIds.map((id) => byId.get(id)!);
}
