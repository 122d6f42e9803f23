import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { Enterprise } from '../enterprise/enterprise.entity';
import { addYears } from '../seeker/identity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker, groupsFollowingStatus } from '../seeker/job-seeker.service';
import { EmploymentStatus } from '../seeker/seeker-enums';
import { WorkAgreementKind, longEnoughInternship, type AgreementFact } from './apprentice-rules';
import { WorkAgreement } from './work-agreement.entity';

export interface RecordWorkAgreementInput {
  seekerId: string;
  enterpriseId: string;
  kind: WorkAgreementKind;
  startsOn: string;
  endsOn?: string | null;
}

export interface EndWorkAgreementInput {
  agreementId: string;
  endsOn: string;
}

const field = (name: keyof RecordWorkAgreementInput | keyof EndWorkAgreementInput) => ['input', name];

export const agreementFact = (a: WorkAgreement): AgreementFact => ({ enterpriseId: a.enterpriseId, kind: a.kind, startsOn: a.startsOn, endsOn: a.endsOn });

/**
 * Internship agreements and labour contracts filed with the bureau (备案): a counsellor or ADMIN of
 * the seeker's region records them, and ends them early when they end early; they decide who is a
 * new apprentice of which enterprise, and a contract in force makes the person employed.
 */
export class WorkAgreementService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, WorkAgreement>> {
    const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(WorkAgreement).createQueryBuilder('a').where('a.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Each seeker's agreements, earliest first. */
  async bySeekerIds(seekerIds: readonly string[]): Promise<Map<string, WorkAgreement[]>> {
    const rows = await this.dataSource.getRepository(WorkAgreement).createQueryBuilder('a').where('a.seeker_id IN (:...ids)', { ids: seekerIds }).orderBy('a.starts_on').addOrderBy('a.id').getMany();
    const bySeeker = new Map<string, WorkAgreement[]>();
    for (const row of rows) bySeeker.set(row.seekerId, [...(bySeeker.get(row.seekerId) ?? []), row]);
    return bySeeker;
  }

  /**
   * Files one agreement. Refused: NOT_FOUND (seeker not of your region, enterprise), INVALID (an
   * internship without its last day, a last day before the first, a start more than a year ahead),
   * DUPLICATE (an agreement of the same kind with the same enterprise on overlapping days).
   */
  async record(principal: Principal, actor: Actor, input: RecordWorkAgreementInput, today = todayInChina()): Promise<WorkAgreement> {
    const endsOn = input.endsOn ?? null;
    const problems: DomainError[] = [];
    if (input.kind === WorkAgreementKind.INTERNSHIP && endsOn === null) problems.push(new DomainError('INVALID', 'an internship agreement has a last day', field('endsOn')));
    if (endsOn !== null && endsOn < input.startsOn) problems.push(new DomainError('INVALID', `endsOn ${endsOn} is before startsOn ${input.startsOn}`, field('endsOn')));
    if (input.startsOn > addYears(today, 1)) problems.push(new DomainError('INVALID', 'startsOn must not be more than a year ahead', field('startsOn')));
    return this.dataSource.transaction(async (manager) => {
      // Locked, so two filings for one person queue and the overlap check sees the first.
      const seeker = await manager.getRepository(JobSeeker).findOne({ where: { id: input.seekerId }, select: { id: true, regionCode: true }, lock: { mode: 'pessimistic_write' } });
      if (!seeker || !canReadSeeker(principal, seeker)) problems.push(new NotFoundError('JobSeeker', input.seekerId, field('seekerId')));
      const enterprise = await manager.getRepository(Enterprise).findOne({ where: { id: input.enterpriseId }, select: { id: true, regionCode: true, name: true } });
      if (!enterprise) problems.push(new NotFoundError('Enterprise', input.enterpriseId, field('enterpriseId')));
      if (problems.length > 0) throw new DomainErrors(problems);
      const overlapping = await manager
        .getRepository(WorkAgreement)
        .createQueryBuilder('a')
        .where('a.seeker_id = :seekerId AND a.enterprise_id = :enterpriseId AND a.kind = :kind', { seekerId: seeker!.id, enterpriseId: enterprise!.id, kind: input.kind })
        .andWhere('(a.ends_on IS NULL OR a.ends_on >= :startsOn)', { startsOn: input.startsOn })
        .andWhere(endsOn === null ? 'true' : 'a.starts_on <= :endsOn', { endsOn })
        .getOne();
      if (overlapping) {
        throw new DomainError('DUPLICATE', `an ${input.kind} with ${enterprise!.name} from ${overlapping.startsOn}${overlapping.endsOn ? ` to ${overlapping.endsOn}` : ''} is on file for these days`, field('startsOn'));
      }
      const saved = await manager.save(manager.getRepository(WorkAgreement).create({ seekerId: seeker!.id, enterpriseId: enterprise!.id, kind: input.kind, startsOn: input.startsOn, endsOn }));
      if (input.kind === WorkAgreementKind.LABOUR_CONTRACT && input.startsOn <= today && (endsOn === null || endsOn >= today)) await this.markEmployed(manager, actor, seeker!.id, saved.id);
      await recordAudit(manager, actor, 'RECORD_WORK_AGREEMENT', auditSubject('WorkAgreement', saved.id, seeker!.regionCode, enterprise!.regionCode), {
        seekerId: seeker!.id,
        enterpriseId: enterprise!.id,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn,
        ...(input.kind === WorkAgreementKind.INTERNSHIP ? { countsAsApprenticeship: longEnoughInternship({ startsOn: input.startsOn, endsOn }) } : {}),
      });
      return saved;
    });
  }

  /**
   * Ends an agreement early (a contract terminated, an internship cut short), never later than it
   * was to end. Refused: NOT_FOUND (not a seeker of your region), INVALID (before its first day, or
   * after its last).
   */
  async end(principal: Principal, actor: Actor, input: EndWorkAgreementInput): Promise<WorkAgreement> {
    return this.dataSource.transaction(async (manager) => {
      const agreement = await manager.getRepository(WorkAgreement).findOne({ where: { id: input.agreementId }, lock: { mode: 'pessimistic_write' } });
      const seeker = agreement && (await manager.getRepository(JobSeeker).findOne({ where: { id: agreement.seekerId }, select: { id: true, regionCode: true } }));
      if (!agreement || !seeker || !canReadSeeker(principal, seeker)) throw new NotFoundError('WorkAgreement', input.agreementId, field('agreementId'));
      if (input.endsOn < agreement.startsOn) throw new DomainError('INVALID', `endsOn ${input.endsOn} is before the agreement's first day, ${agreement.startsOn}`, field('endsOn'));
      if (agreement.endsOn !== null && input.endsOn > agreement.endsOn) throw new DomainError('INVALID', `the agreement already ends on ${agreement.endsOn}; it can end earlier, not later`, field('endsOn'));
      const before = agreement.endsOn;
      agreement.endsOn = input.endsOn;
      await manager.save(agreement);
      const [enterprise]: { region_code: string }[] = await manager.query('SELECT region_code FROM enterprise WHERE id = $1', [agreement.enterpriseId]);
      await recordAudit(manager, actor, 'END_WORK_AGREEMENT', auditSubject('WorkAgreement', agreement.id, seeker.regionCode, enterprise?.region_code), {
        seekerId: seeker.id,
        endsOn: { from: before, to: input.endsOn },
      });
      return agreement;
    });
  }

  /** A labour contract in force today makes the person employed, as a reported job does (`reportEmployment`). */
  private async markEmployed(manager: EntityManager, actor: Actor, seekerId: string, agreementId: string): Promise<void> {
    const seeker = await manager.getRepository(JobSeeker).findOneOrFail({ where: { id: seekerId }, select: { id: true, regionCode: true, employmentStatus: true, groups: true } });
    if (seeker.employmentStatus === EmploymentStatus.EMPLOYED) return;
    const employed = { employmentStatus: EmploymentStatus.EMPLOYED, groups: groupsFollowingStatus(seeker.groups, EmploymentStatus.EMPLOYED) };
    await manager.update(JobSeeker, { id: seeker.id }, employed);
    await recordAudit(manager, actor, 'UPDATE', auditSubject('JobSeeker', seeker.id, seeker.regionCode), {
      ...diff(seeker, employed),
      because: { workAgreementId: agreementId, recorded: 'LABOUR_CONTRACT' },
    });
  }
}

