import type { DataSource, EntityManager } from 'typeorm';
import { Role, regionCovers, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { LIVE_CLAIM_STATUSES, RecoveryStatus, SubsidyClaimStatus } from '../claim/claim-rules';
import { SubsidyClaim } from '../claim/subsidy-claim.entity';
import { claimsForBatch } from '../claim/subsidy-claim.service';
import { todayInChina } from '../demand/post-demand-rules';
import { RiskCheck, RiskFinding } from './risk-check.entity';
import { riskSignals, SUBSIDY_RISK_TERMS, type SubsidyRiskKind } from './subsidy-risk.service';

export interface RecordRiskCheckInput {
  kind: SubsidyRiskKind;
  enrollmentIds: string[];
  finding: RiskFinding;
  /** CONFIRMED only: the seats found misused; all the signal's seats when not given. */
  misusedEnrollmentIds?: string[] | null;
  note: string;
}

export interface RecordRecoveryInput {
  claimIds: string[];
  recoveredOn: string;
  reference: string;
}

export interface RiskCheckOutcome {
  check: RiskCheck;
  /** Claims on misused seats that were waiting for review or payment, now REJECTED. */
  stoppedClaims: SubsidyClaim[];
  /** PAID claims on misused seats, now with a recovery DUE. */
  recoveriesDue: SubsidyClaim[];
}

const field = (...path: (string | number)[]) => ['input', ...path.map(String)];
const DATABASE_ID = /^\d{1,18}$/;
const ascending = (ids: string[]) => [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));

/**
 * What follows a supervision signal (001 §(三十七): misuse is to be found and punished): the bureau
 * checks it and records what it found. A cleared signal stops asking for attention. A confirmed one
 * stops the claims still open on the misused seats, puts the money already paid on them up for
 * recovery, and keeps those seats from ever being claimed again; withdrawing the provider from the
 * subsidised list stays a decision of its own (`suspendProvider`).
 */
export class RiskCheckService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, RiskCheck>> {
    const valid = ids.filter((id) => DATABASE_ID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(RiskCheck).createQueryBuilder('r').where('r.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The bureau of a region covering the checking bureau's reads a check. */
  canRead(principal: Principal | undefined, check: RiskCheck): boolean {
    return principal?.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, check.regionCode);
  }

  /**
   * Records the finding on a signal the caller's bureau sees now, named by its pattern and exactly its
   * seats. Refused: NO_SIGNAL (no such signal: seats changed since it was read, or they are not of
   * the caller's region), DUPLICATE (checked already), INVALID.
   */
  async record(principal: Principal, actor: Actor, input: RecordRiskCheckInput): Promise<RiskCheckOutcome> {
    const note = input.note.trim();
    const problems: DomainError[] = [];
    if (!note) problems.push(new DomainError('INVALID', 'a check says what it found', field('note')));
    input.enrollmentIds.forEach((id, i) => {
      if (!DATABASE_ID.test(id)) problems.push(new NotFoundError('Enrollment', id, field('enrollmentIds', i)));
      else if (input.enrollmentIds.indexOf(id) !== i) problems.push(new DomainError('INVALID', `enrollment ${id} is named twice`, field('enrollmentIds', i)));
    });
    const named = input.misusedEnrollmentIds ?? null;
    if (input.finding === RiskFinding.CLEARED && named?.length) {
      problems.push(new DomainError('INVALID', 'a cleared signal names no misused seats', field('misusedEnrollmentIds')));
    }
    named?.forEach((id, i) => {
      if (!input.enrollmentIds.includes(id)) problems.push(new DomainError('INVALID', `enrollment ${id} is not one of the signal's seats`, field('misusedEnrollmentIds', i)));
      else if (named.indexOf(id) !== i) problems.push(new DomainError('INVALID', `enrollment ${id} is named twice`, field('misusedEnrollmentIds', i)));
    });
    if (input.finding === RiskFinding.CONFIRMED && named !== null && named.length === 0) {
      problems.push(new DomainError('INVALID', 'a confirmed finding names at least one misused seat (or leaves the list out for all of them)', field('misusedEnrollmentIds')));
    }
    if (problems.length > 0) throw new DomainErrors(problems);
    const seats = ascending(input.enrollmentIds);
    const misused = input.finding === RiskFinding.CONFIRMED ? ascending(named ?? seats) : [];
    return this.dataSource.transaction(async (manager) => {
      // The seats locked in id order, as a claim locks them, so a claim racing the check waits for it and then sees it.
      await manager.query('SELECT id FROM enrollment WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [seats]);
      const signal = (await riskSignals(manager, principal.regionCode!, [input.kind], seats)).find((s) => s.enrollmentIds.join() === seats.join());
      if (!signal) {
        throw new DomainError('NO_SIGNAL', `no ${input.kind} signal of your region rests on exactly these seats now; read the signals again`, field('enrollmentIds'));
      }
      if (signal.checkId) throw new DomainError('DUPLICATE', `this signal was checked already (check ${signal.checkId})`, field('enrollmentIds'));
      const check = await manager.save(
        manager.getRepository(RiskCheck).create({ kind: input.kind, enrollmentIds: seats, finding: input.finding, misusedEnrollmentIds: misused, note, regionCode: principal.regionCode!, checkedBy: actor.subject }),
      );
      await recordAudit(manager, actor, 'RECORD_RISK_CHECK', auditSubject('RiskCheck', check.id, check.regionCode), {
        kind: check.kind,
        enrollmentIds: seats,
        finding: check.finding,
        misusedEnrollmentIds: misused,
        // The note may be about people; the trail records that there is one.
        noted: true,
      });
      const consequences = misused.length > 0 ? await this.actOnMisuse(manager, actor, check) : { stoppedClaims: [], recoveriesDue: [] };
      return { check, ...consequences };
    });
  }

  /** Marks recoveries DUE on claims of the caller's region as recovered, in one batch, all or none. */
  async recordRecovery(principal: Principal, actor: Actor, input: RecordRecoveryInput, today = todayInChina()): Promise<SubsidyClaim[]> {
    const reference = input.reference.trim();
    return this.dataSource.transaction(async (manager) => {
      const batch = { claimIds: input.claimIds, reference, day: input.recoveredOn, today };
      const claims = await claimsForBatch(manager, principal, batch, { reference: 'reference', day: 'recoveredOn' }, (claim, at) => {
        if (claim.recoveryStatus !== RecoveryStatus.DUE) {
          return new DomainError('NOT_DUE', `claim ${claim.id} ${claim.recoveryStatus === RecoveryStatus.RECOVERED ? `was recovered on ${claim.recoveredOn}` : 'has no recovery due'}`, at);
        }
        return input.recoveredOn < claim.paidOn! ? new DomainError('INVALID', `recoveredOn ${input.recoveredOn} is before claim ${claim.id} was paid on ${claim.paidOn}`, field('recoveredOn')) : null;
      });
      const recovered = claims.map((claim) => Object.assign(claim, { recoveryStatus: RecoveryStatus.RECOVERED, recoveredOn: input.recoveredOn, recoveryReference: reference }));
      await manager.save(recovered);
      for (const claim of recovered) {
        await recordAudit(manager, actor, 'RECOVER_SUBSIDY', auditSubject('SubsidyClaim', claim.id, claim.regionCode), {
          recoveryStatus: { from: RecoveryStatus.DUE, to: RecoveryStatus.RECOVERED },
          amount: claim.amount,
          recoveredOn: input.recoveredOn,
          reference,
        });
      }
      return recovered;
    });
  }

  /**
   * A confirmed finding acts on every claim of the misused seats, in whichever region pays it: open
   * ones are rejected with the finding as their reason, paid ones owe the money back.
   */
  private async actOnMisuse(manager: EntityManager, actor: Actor, check: RiskCheck): Promise<Omit<RiskCheckOutcome, 'check'>> {
    const claims = await manager
      .getRepository(SubsidyClaim)
      .createQueryBuilder('c')
      .where('c.enrollment_id IN (:...seats)', { seats: check.misusedEnrollmentIds })
      .andWhere('c.status IN (:...live)', { live: LIVE_CLAIM_STATUSES })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    const reason = `监督核查 #${check.id} 确认套取补贴：${SUBSIDY_RISK_TERMS[check.kind]}`;
    const stoppedClaims: SubsidyClaim[] = [];
    const recoveriesDue: SubsidyClaim[] = [];
    for (const claim of claims) {
      const before = claim.status;
      if (claim.status === SubsidyClaimStatus.PAID) {
        if (claim.recoveryStatus) continue;
        Object.assign(claim, { recoveryStatus: RecoveryStatus.DUE, recoveryCheckId: check.id });
        recoveriesDue.push(claim);
        await recordAudit(manager, actor, 'SUBSIDY_RECOVERY_DUE', auditSubject('SubsidyClaim', claim.id, claim.regionCode, check.regionCode), { riskCheckId: check.id, amount: claim.amount });
      } else {
        Object.assign(claim, { status: SubsidyClaimStatus.REJECTED, reviewedAt: new Date(), reviewNote: reason, risksAcknowledged: [] });
        stoppedClaims.push(claim);
        await recordAudit(manager, actor, 'REVIEW_SUBSIDY_CLAIM', auditSubject('SubsidyClaim', claim.id, claim.regionCode, check.regionCode), {
          enrollmentId: claim.enrollmentId,
          status: { from: before, to: SubsidyClaimStatus.REJECTED },
          riskCheckId: check.id,
        });
      }
    }
    await manager.save([...stoppedClaims, ...recoveriesDue]);
    return { stoppedClaims, recoveriesDue };
  }
}
