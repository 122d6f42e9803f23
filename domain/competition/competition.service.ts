import type { DataSource } from 'typeorm';
import { Role, regionCovers, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { Enterprise } from '../enterprise/enterprise.entity';
import { assertRegionExists } from '../region/region.service';
import { addYears } from '../seeker/identity';
import { JobSeeker } from '../seeker/job-seeker.entity';
import { canReadSeeker } from '../seeker/job-seeker.service';
import { Provider } from '../supply/provider.entity';
import { ProviderType, type CompetitionLevel } from '../supply/supply-enums';
import { Competition, CompetitionFinalist } from './competition.entity';

export interface RegisterCompetitionInput {
  name: string;
  level: CompetitionLevel;
  regionCode: string;
  occupationCode?: string | null;
  finalOn: string;
}

export interface FinalistInput {
  seekerId: string;
  enterpriseId?: string | null;
  providerId?: string | null;
}

/** Colleges (院校) whose finalists earn them the subsidy; other providers send none. */
export const COLLEGE_TYPES: readonly ProviderType[] = [ProviderType.VOCATIONAL_COLLEGE, ProviderType.TECHNICAL_SCHOOL, ProviderType.HIGHER_EDUCATION];

const DATABASE_ID = /^\d{1,18}$/;
const field = (...path: (string | number)[]) => ['input', ...path.map(String)];

/**
 * Skill competitions (职业技能竞赛, 004 §(十四)): a bureau records a competition and the finalists
 * its region's enterprises and colleges sent, which then claim the subsidy per finalist
 * (`SubsidyClaimService.claimForFinalists`).
 */
export class CompetitionService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Competition>> {
    const valid = ids.filter((id) => DATABASE_ID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Competition).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async finalistsByIds(ids: readonly string[]): Promise<Map<string, CompetitionFinalist>> {
    const valid = ids.filter((id) => DATABASE_ID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(CompetitionFinalist).createQueryBuilder('f').where('f.id IN (:...ids)', { ids: valid }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Each competition's finalists, in the order recorded. */
  async finalistsOf(competitionIds: readonly string[]): Promise<Map<string, CompetitionFinalist[]>> {
    const rows = await this.dataSource.getRepository(CompetitionFinalist).createQueryBuilder('f').where('f.competition_id IN (:...ids)', { ids: competitionIds }).orderBy('f.id').getMany();
    const byCompetition = new Map<string, CompetitionFinalist[]>();
    for (const row of rows) byCompetition.set(row.competitionId, [...(byCompetition.get(row.competitionId) ?? []), row]);
    return byCompetition;
  }

  /** Latest final first. */
  async list(offset: number, limit: number): Promise<{ items: Competition[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(Competition).createQueryBuilder('c').orderBy('c.final_on', 'DESC').addOrderBy('c.id', 'DESC').skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** Records a competition. Refused: NOT_FOUND (region, occupation), INVALID (a final more than a year ahead, a blank name). */
  async register(actor: Actor, input: RegisterCompetitionInput, today = todayInChina()): Promise<Competition> {
    const name = input.name.trim();
    const problems: DomainError[] = [];
    if (!name) problems.push(new DomainError('INVALID', 'name must not be blank', field('name')));
    if (input.finalOn > addYears(today, 1)) problems.push(new DomainError('INVALID', 'finalOn must not be more than a year ahead', field('finalOn')));
    if (problems.length) throw new DomainErrors(problems);
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode, field('regionCode'));
      const occupationCode = input.occupationCode ?? null;
      if (occupationCode && !(await manager.query('SELECT 1 FROM occupation WHERE code = $1', [occupationCode])).length) throw new NotFoundError('Occupation', occupationCode, field('occupationCode'));
      const saved = await manager.save(manager.getRepository(Competition).create({ name, level: input.level, regionCode: input.regionCode, occupationCode, finalOn: input.finalOn }));
      await recordAudit(manager, actor, 'REGISTER_COMPETITION', auditSubject('Competition', saved.id, saved.regionCode), { name, level: input.level, regionCode: input.regionCode, occupationCode, finalOn: input.finalOn });
      return saved;
    });
  }

  /**
   * Records the finalists the enterprises and colleges of the caller's region sent, all or none.
   * Refused per finalist: NOT_FOUND (competition, seeker, enterprise or college not of your region),
   * INVALID (neither or both senders, a provider that is no college, a seeker named twice),
   * DUPLICATE (already a finalist of it).
   */
  async recordFinalists(principal: Principal, actor: Actor, competitionId: string, finalists: FinalistInput[]): Promise<CompetitionFinalist[]> {
    return this.dataSource.transaction(async (manager) => {
      const competition = DATABASE_ID.test(competitionId) ? await manager.getRepository(Competition).findOne({ where: { id: competitionId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!competition) throw new NotFoundError('Competition', competitionId, field('competitionId'));
      const ids = (key: 'seekerId' | 'enterpriseId' | 'providerId') => [...new Set(finalists.map((f) => f[key]).filter((id): id is string => !!id && DATABASE_ID.test(id)))].concat('0');
      const seekers = new Map((await manager.getRepository(JobSeeker).createQueryBuilder('s').select(['s.id', 's.regionCode']).where('s.id IN (:...ids)', { ids: ids('seekerId') }).getMany()).map((s) => [s.id, s]));
      const enterprises = new Map((await manager.getRepository(Enterprise).createQueryBuilder('e').select(['e.id', 'e.regionCode']).where('e.id IN (:...ids)', { ids: ids('enterpriseId') }).getMany()).map((e) => [e.id, e]));
      const providers = new Map((await manager.getRepository(Provider).createQueryBuilder('p').select(['p.id', 'p.regionCode', 'p.type']).where('p.id IN (:...ids)', { ids: ids('providerId') }).getMany()).map((p) => [p.id, p]));
      const already = new Set(
        (await manager.getRepository(CompetitionFinalist).createQueryBuilder('f').select(['f.seekerId']).where('f.competition_id = :id', { id: competition.id }).getMany()).map((f) => f.seekerId),
      );
      const ours = (regionCode: string) => principal.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, regionCode.trim());
      const problems: DomainError[] = [];
      finalists.forEach((f, i) => {
        if (finalists.findIndex((g) => g.seekerId === f.seekerId) !== i) return problems.push(new DomainError('INVALID', `job seeker ${f.seekerId} is named twice`, field('finalists', i, 'seekerId')));
        const seeker = seekers.get(f.seekerId);
        if (!seeker || !canReadSeeker(principal, seeker)) return problems.push(new NotFoundError('JobSeeker', f.seekerId, field('finalists', i, 'seekerId')));
        if (already.has(f.seekerId)) return problems.push(new DomainError('DUPLICATE', `job seeker ${f.seekerId} is already a finalist of competition ${competition.id}`, field('finalists', i, 'seekerId')));
        if (!f.enterpriseId === !f.providerId) return problems.push(new DomainError('INVALID', 'a finalist is sent by one enterprise or one college: give enterpriseId or providerId', field('finalists', i)));
        if (f.enterpriseId) {
          const enterprise = enterprises.get(f.enterpriseId);
          if (!enterprise || !ours(enterprise.regionCode)) problems.push(new NotFoundError('Enterprise', f.enterpriseId, field('finalists', i, 'enterpriseId')));
        } else {
          const provider = providers.get(f.providerId!);
          if (!provider || !ours(provider.regionCode)) problems.push(new NotFoundError('Provider', f.providerId!, field('finalists', i, 'providerId')));
          else if (!COLLEGE_TYPES.includes(provider.type)) problems.push(new DomainError('INVALID', `provider ${provider.id} is a ${provider.type}, not a college (院校): ${COLLEGE_TYPES.join(', ')}`, field('finalists', i, 'providerId')));
        }
      });
      if (problems.length) throw new DomainErrors(problems);
      const saved = await manager.save(
        finalists.map((f) => manager.getRepository(CompetitionFinalist).create({ competitionId: competition.id, seekerId: f.seekerId, enterpriseId: f.enterpriseId ?? null, providerId: f.providerId ?? null })),
      );
      for (const finalist of saved) {
        const sender = finalist.enterpriseId ? enterprises.get(finalist.enterpriseId)! : providers.get(finalist.providerId!)!;
        await recordAudit(manager, actor, 'RECORD_FINALIST', auditSubject('CompetitionFinalist', finalist.id, sender.regionCode, seekers.get(finalist.seekerId)!.regionCode), {
          competitionId: competition.id,
          seekerId: finalist.seekerId,
          enterpriseId: finalist.enterpriseId,
          providerId: finalist.providerId,
        });
      }
      return saved;
    });
  }
}
