import type { DataSource } from 'typeorm';
import type { Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { Enterprise } from '../enterprise/enterprise.entity';
import { addYears } from '../seeker/identity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker } from '../seeker/job-seeker.service';
import { WorkAgreementKind, longEnoughInternship, type AgreementFact } from './apprentice-rules';
import { WorkAgreement } from './work-agreement.entity';

export interface RecordWorkAgreementInput {
  seekerId: string;
  enterpriseId: string;
  kind: WorkAgreementKind;
  startsOn: string;
  endsOn?: string | null;
}

const field = (name: keyof RecordWorkAgreementInput) => ['input', name];

export const agreementFact = (a: WorkAgreement): AgreementFact => ({ enterpriseId: a.enterpriseId, kind: a.kind, startsOn: a.startsOn, endsOn: a.endsOn });

/**
 * Internship agreements and labour contracts filed with the bureau (备案): a counsellor or ADMIN of
 * the seeker's region records them, and they decide who is a new apprentice of which enterprise.
 */
export class WorkAgreementService {
  constructor(private readonly dataSource: DataSource) {}

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
}

