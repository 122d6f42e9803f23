import type { DataSource, EntityManager } from 'typeorm';
import { Role, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { cityOf } from '../matching/match-scoring';
import { Occupation } from '../occupation/occupation.entity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker } from '../seeker/job-seeker.service';
import { addDays, type SubsidyQuote } from '../supply/subsidy-quote';
import { TrainingVoucher } from './training-voucher.entity';
import { VoucherStatus, voucherMisfit, voucherNumber, voucherStatus, type VoucherCourse } from './voucher-rules';

export interface IssueVouchersInput {
  seekerIds: string[];
  occupationCode?: string | null;
  validFrom?: string | null;
  validUntil: string;
}

export interface RevokeVoucherInput {
  voucherId: string;
  reason: string;
}

export interface VoucherFilter {
  seekerId?: string;
  status?: VoucherStatus;
  occupationCode?: string;
}

/** A voucher covers at most this long: one year's training budget. */
export const VOUCHER_MAX_DAYS = 366;

const field = (...path: (string | number)[]) => ['input', ...path.map(String)];
const DATABASE_ID = /^\d{1,18}$/;

/**
 * Uses a voucher for a seat being taken, inside the enrolling transaction (seeker and course already
 * locked): the seeker's own voucher, usable today, for the course's occupation (or any), in the
 * voucher's city or online, on a course that is subsidised for them. VOUCHER_NOT_USABLE says why not.
 */
export async function redeemVoucher(
  manager: EntityManager,
  voucherId: string,
  seekerId: string,
  course: VoucherCourse,
  quote: Pick<SubsidyQuote, 'subsidised' | 'totalSubsidy'>,
  enrollmentId: string,
  today: string,
): Promise<TrainingVoucher> {
  const voucher = await manager.getRepository(TrainingVoucher).findOne({ where: { id: voucherId }, lock: { mode: 'pessimistic_write' } });
  if (!voucher || voucher.seekerId !== seekerId) throw new NotFoundError('TrainingVoucher', voucherId, field('voucherId'));
  const number = voucherNumber(voucher);
  const refuse = (why: string) => new DomainError('VOUCHER_NOT_USABLE', `voucher ${number} ${why}`, field('voucherId'));
  const status = voucherStatus(voucher, today);
  if (status === VoucherStatus.REVOKED) throw refuse(`was revoked on ${todayInChina(voucher.revokedAt!)}`);
  if (status === VoucherStatus.REDEEMED) throw refuse(`already holds the seat of enrollment ${voucher.enrollmentId}`);
  if (status === VoucherStatus.EXPIRED) throw refuse(`expired on ${voucher.validUntil}`);
  if (voucher.validFrom > today) throw refuse(`is valid from ${voucher.validFrom}`);
  const misfit = voucherMisfit(voucher, course, quote);
  if (misfit) throw refuse(misfit);
  voucher.enrollmentId = enrollmentId;
  await manager.update(TrainingVoucher, { id: voucher.id }, { enrollmentId });
  return voucher;
}

/** Frees the vouchers holding seats being given back; enrolment id → the voucher freed. */
export async function releaseVouchers(manager: EntityManager, enrollmentIds: readonly string[]): Promise<Map<string, string>> {
  if (enrollmentIds.length === 0) return new Map();
  const [rows]: [{ id: string; enrollment_id: string }[], number] = await manager.query(
    `UPDATE training_voucher v SET enrollment_id = NULL
       FROM (SELECT id, enrollment_id FROM training_voucher WHERE enrollment_id = ANY($1::bigint[]) FOR UPDATE) held
      WHERE v.id = held.id
      RETURNING v.id::text AS id, held.enrollment_id::text AS enrollment_id`,
    [enrollmentIds],
  );
  return new Map(rows.map((r) => [r.enrollment_id, r.id]));
}

/**
 * Electronic training vouchers (电子培训券): counsellors and bureaus hand them to the job seekers of
 * their region — after `candidatesForCourse` or `upliftedSeekers` found them — and the seekers use
 * them to take seats (`enrollInCourse` with `voucherId`).
 */
export class TrainingVoucherService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, TrainingVoucher>> {
    const valid = ids.filter((id) => DATABASE_ID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(TrainingVoucher).createQueryBuilder('v').where('v.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The voucher holding each seat, for those that have one. */
  async byEnrollmentIds(enrollmentIds: readonly string[]): Promise<Map<string, TrainingVoucher>> {
    const rows = await this.dataSource.getRepository(TrainingVoucher).createQueryBuilder('v').where('v.enrollment_id IN (:...ids)', { ids: enrollmentIds }).getMany();
    return new Map(rows.map((r) => [r.enrollmentId!, r]));
  }

  /** Newest first: a SEEKER's own, or those of the seekers of a COUNSELLOR's or ADMIN's region. */
  async list(principal: Principal, filter: VoucherFilter, offset: number, limit: number, today = todayInChina()): Promise<{ items: TrainingVoucher[]; total: number }> {
    const qb = this.dataSource.getRepository(TrainingVoucher).createQueryBuilder('v');
    if (principal.role === Role.SEEKER) {
      qb.andWhere('v.seeker_id = :self', { self: principal.seekerId && DATABASE_ID.test(principal.seekerId) ? principal.seekerId : '0' });
    } else if ((principal.role === Role.COUNSELLOR || principal.role === Role.ADMIN) && principal.regionCode) {
      qb.innerJoin(JobSeeker, 's', 's.id = v.seeker_id').andWhere('s.region_code LIKE :scope', { scope: regionPrefix(principal.regionCode) + '%' });
    } else {
      throw new DomainError('FORBIDDEN', 'only job seekers, and counsellors and admins with a region, may read training vouchers');
    }
    if (filter.seekerId) qb.andWhere('v.seeker_id = :seekerId', { seekerId: filter.seekerId });
    if (filter.occupationCode) qb.andWhere('v.occupation_code = :occupationCode', { occupationCode: filter.occupationCode });
    const unused = 'v.revoked_at IS NULL AND v.enrollment_id IS NULL';
    const byStatus: Record<VoucherStatus, string> = {
      ISSUED: `${unused} AND v.valid_until >= :today`,
      REDEEMED: 'v.enrollment_id IS NOT NULL',
      EXPIRED: `${unused} AND v.valid_until < :today`,
      REVOKED: 'v.revoked_at IS NOT NULL',
    };
    if (filter.status) qb.andWhere(byStatus[filter.status], { today });
    const [items, total] = await qb.orderBy('v.id', 'DESC').skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /**
   * One voucher to each seeker named, all or none: every seeker of the caller's region, the
   * occupation known, valid from today or later for at most a year, and no unused voucher for the
   * same occupation whose days overlap (DUPLICATE). Every problem is reported at once.
   */
  async issue(principal: Principal, actor: Actor, input: IssueVouchersInput, today = todayInChina()): Promise<TrainingVoucher[]> {
    const validFrom = input.validFrom ?? today;
    const occupationCode = input.occupationCode ?? null;
    const problems: DomainError[] = [];
    if (validFrom < today) problems.push(new DomainError('INVALID', `validFrom ${validFrom} is in the past`, field('validFrom')));
    if (input.validUntil < validFrom) problems.push(new DomainError('INVALID', `validUntil ${input.validUntil} is before validFrom ${validFrom}`, field('validUntil')));
    else if (input.validUntil > addDays(validFrom, VOUCHER_MAX_DAYS - 1)) problems.push(new DomainError('INVALID', `a voucher covers at most ${VOUCHER_MAX_DAYS} days`, field('validUntil')));
    input.seekerIds.forEach((id, i) => {
      if (input.seekerIds.indexOf(id) !== i) problems.push(new DomainError('INVALID', `job seeker ${id} is named twice`, field('seekerIds', i)));
    });
    return this.dataSource.transaction(async (manager) => {
      if (occupationCode && !(await manager.getRepository(Occupation).existsBy({ code: occupationCode }))) {
        problems.push(new NotFoundError('Occupation', occupationCode, field('occupationCode')));
      }
      // Locked in id order, as every issuer takes them, so two batches naming the same seekers queue instead of deadlocking.
      const seekers = await manager
        .getRepository(JobSeeker)
        .createQueryBuilder('s')
        .select(['s.id', 's.regionCode'])
        .where('s.id IN (:...ids)', { ids: input.seekerIds })
        .orderBy('s.id')
        .setLock('pessimistic_write')
        .getMany();
      const byId = new Map(seekers.map((s) => [s.id, s]));
      const held: { seeker_id: string; id: string; region_code: string; issued_at: Date; valid_from: string; valid_until: string }[] = await manager.query(
        `SELECT seeker_id::text AS seeker_id, id::text AS id, region_code, issued_at, valid_from::text AS valid_from, valid_until::text AS valid_until
           FROM training_voucher
          WHERE seeker_id = ANY($1::bigint[]) AND occupation_code IS NOT DISTINCT FROM $2 AND revoked_at IS NULL AND enrollment_id IS NULL
            AND valid_until >= $3::date AND valid_from <= $4::date`,
        [seekers.map((s) => s.id), occupationCode, validFrom, input.validUntil],
      );
      const heldBySeeker = new Map(held.map((h) => [h.seeker_id, h]));
      input.seekerIds.forEach((id, i) => {
        const seeker = byId.get(id);
        if (!seeker || !canReadSeeker(principal, seeker)) return problems.push(new NotFoundError('JobSeeker', id, field('seekerIds', i)));
        const other = heldBySeeker.get(id);
        if (other) {
          const number = voucherNumber({ id: other.id, regionCode: other.region_code, issuedAt: other.issued_at });
          problems.push(new DomainError('DUPLICATE', `job seeker ${id} already holds voucher ${number} for ${occupationCode ?? 'any occupation'}, unused and valid ${other.valid_from} to ${other.valid_until}`, field('seekerIds', i)));
        }
      });
      if (problems.length > 0) throw new DomainErrors(problems);
      const vouchers = await manager.save(
        input.seekerIds.map((id) =>
          manager.getRepository(TrainingVoucher).create({
            seekerId: id,
            regionCode: cityOf(byId.get(id)!.regionCode.trim()),
            occupationCode,
            validFrom,
            validUntil: input.validUntil,
            enrollmentId: null,
            revokedAt: null,
            revocationReason: null,
          }),
        ),
      );
      for (const v of vouchers) {
        await recordAudit(manager, actor, 'ISSUE_VOUCHER', auditSubject('TrainingVoucher', v.id, v.regionCode, byId.get(v.seekerId)!.regionCode), {
          seekerId: v.seekerId,
          number: voucherNumber(v),
          occupationCode,
          validFrom,
          validUntil: input.validUntil,
        });
      }
      return vouchers;
    });
  }

  /** Withdraws an unused voucher (a COUNSELLOR or ADMIN of the seeker's region); one holding a seat is refused (VOUCHER_IN_USE). */
  async revoke(principal: Principal, actor: Actor, input: RevokeVoucherInput, today = todayInChina()): Promise<TrainingVoucher> {
    const reason = input.reason.trim();
    if (!reason) throw new DomainError('INVALID', 'reason must say why the voucher is revoked', field('reason'));
    return this.dataSource.transaction(async (manager) => {
      const voucher = await manager.getRepository(TrainingVoucher).findOne({ where: { id: input.voucherId }, lock: { mode: 'pessimistic_write' } });
      const seeker = voucher && (await manager.getRepository(JobSeeker).findOne({ where: { id: voucher.seekerId }, select: { id: true, regionCode: true } }));
      if (!voucher || !seeker || !canReadSeeker(principal, seeker)) throw new NotFoundError('TrainingVoucher', input.voucherId, field('voucherId'));
      const status = voucherStatus(voucher, today);
      if (status === VoucherStatus.REVOKED) throw new DomainError('ALREADY_REVOKED', `voucher ${voucherNumber(voucher)} was revoked on ${todayInChina(voucher.revokedAt!)}`, field('voucherId'));
      if (status === VoucherStatus.REDEEMED) {
        throw new DomainError('VOUCHER_IN_USE', `voucher ${voucherNumber(voucher)} holds the seat of enrollment ${voucher.enrollmentId}; withdraw the enrolment first`, field('voucherId'));
      }
      voucher.revokedAt = new Date();
      voucher.revocationReason = reason;
      await manager.save(voucher);
      // The reason may be personal (moved away, found work): the trail notes only that one was given, as for withdrawals.
      await recordAudit(manager, actor, 'REVOKE_VOUCHER', auditSubject('TrainingVoucher', voucher.id, voucher.regionCode, seeker.regionCode), {
        seekerId: voucher.seekerId,
        number: voucherNumber(voucher),
        status: { from: status, to: VoucherStatus.REVOKED },
      });
      return voucher;
    });
  }
}
