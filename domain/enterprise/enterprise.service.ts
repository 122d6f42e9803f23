import type { DataSource, EntityManager } from 'typeorm';
import { regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { reindexPostDemandsOf } from '../../search/post-demands.index';
import { assertCanActForEnterprise, assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import { Enterprise, EnterpriseTag, IndustrialCluster } from './enterprise.entity';
import { assertRegionExists } from '../region/region.service';

export interface EnterpriseInput {
  creditCode: string;
  name: string;
  regionCode: string;
  industryCode?: string | null;
  tags: EnterpriseTag[];
  clusterIds?: string[];
}

export interface EnterpriseFilter {
  regionCode?: string;
  tag?: EnterpriseTag;
  clusterId?: string;
}

/** `creditCode` problems as DomainErrors on the given field, or none. */
export function creditCodeErrors(code: string, field: string[]): DomainError[] {
  const problem = creditCodeProblem(code);
  return problem ? [new DomainError('INVALID_CREDIT_CODE', `creditCode ${CREDIT_CODE_MESSAGES[problem]}`, field)] : [];
}

export class EnterpriseService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Enterprise>> {
    const rows = await this.dataSource.getRepository(Enterprise).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async byCreditCode(creditCode: string): Promise<Enterprise | null> {
    return this.dataSource.getRepository(Enterprise).findOneBy({ creditCode });
  }

  async clustersOf(enterpriseIds: readonly string[]): Promise<Map<string, IndustrialCluster[]>> {
    const rows: (IndustrialCluster & { enterpriseId: string })[] = await this.dataSource.query(
      `SELECT ec.enterprise_id AS "enterpriseId", c.id, c.region_code AS "regionCode", c.name, c.category
         FROM enterprise_cluster ec JOIN industrial_cluster c ON c.id = ec.cluster_id
        WHERE ec.enterprise_id = ANY($1::bigint[]) ORDER BY c.id`,
      [enterpriseIds],
    );
    const result = new Map<string, IndustrialCluster[]>(enterpriseIds.map((id) => [id, []]));
    for (const { enterpriseId, ...cluster } of rows) result.get(enterpriseId)?.push(Object.assign(new IndustrialCluster(), cluster));
    return result;
  }

  async list(query: string | undefined, filter: EnterpriseFilter, offset: number, limit: number): Promise<{ items: Enterprise[]; total: number }> {
    const qb = this.dataSource.getRepository(Enterprise).createQueryBuilder('e');
    if (query?.trim()) {
      const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(e.name ILIKE :like OR e.credit_code = :exact)', { like, exact: query.trim().toUpperCase() });
    }
    if (filter.regionCode) qb.andWhere('e.region_code LIKE :prefix', { prefix: regionPrefix(filter.regionCode) + '%' });
    if (filter.tag) qb.andWhere(':tag = ANY(e.tags)', { tag: filter.tag });
    if (filter.clusterId) qb.andWhere('EXISTS (SELECT 1 FROM enterprise_cluster ec WHERE ec.enterprise_id = e.id AND ec.cluster_id = :clusterId)', { clusterId: filter.clusterId });
    qb.orderBy('e.id', 'ASC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  async clusters(regionCode: string): Promise<IndustrialCluster[]> {
    return this.dataSource.getRepository(IndustrialCluster).find({ where: { regionCode }, order: { id: 'ASC' } });
  }

  /** ADMIN registers an enterprise of its region; the credit code must be valid and unused. */
  async register(principal: Principal, actor: Actor, input: EnterpriseInput): Promise<Enterprise> {
    const errors = [...creditCodeErrors(input.creditCode, ['input', 'creditCode'])];
    if (errors.length) throw new DomainErrors(errors);
    assertRegionInScope(principal, input.regionCode, ['input', 'regionCode']);
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode);
      if (await manager.getRepository(Enterprise).existsBy({ creditCode: input.creditCode })) {
        throw new DomainError('DUPLICATE', `an enterprise with credit code ${input.creditCode} is already registered`, ['input', 'creditCode']);
      }
      const clusters = await this.loadClusters(manager, input.clusterIds ?? [], input.regionCode);
      const enterprise = manager.getRepository(Enterprise).create({
        creditCode: input.creditCode,
        name: input.name.trim(),
        regionCode: input.regionCode,
        industryCode: input.industryCode ?? null,
        tags: [...new Set(input.tags)],
        clusters,
      });
      await manager.save(enterprise);
      await recordAudit(manager, actor, 'REGISTER', auditSubject('Enterprise', enterprise.id, enterprise.regionCode), {
        creditCode: input.creditCode,
        name: enterprise.name,
        regionCode: input.regionCode,
        tags: enterprise.tags,
        clusterIds: clusters.map((c) => c.id),
      });
      return enterprise;
    });
  }

  /** The enterprise itself or an ADMIN of its region changes name, industry, tags or clusters. */
  async update(principal: Principal, actor: Actor, id: string, patch: Partial<Omit<EnterpriseInput, 'creditCode' | 'regionCode'>>): Promise<Enterprise> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Enterprise);
      const enterprise = await repo.findOne({ where: { id }, relations: { clusters: true }, lock: { mode: 'pessimistic_write', tables: ['enterprise'] } });
      if (!enterprise) throw new NotFoundError('Enterprise', id, ['input', 'enterpriseId']);
      assertCanActForEnterprise(principal, enterprise, ['input', 'enterpriseId']);
      const before = { name: enterprise.name, industryCode: enterprise.industryCode, tags: enterprise.tags, clusterIds: enterprise.clusters.map((c) => c.id) };
      const after: typeof before = {
        name: patch.name?.trim() ?? before.name,
        industryCode: patch.industryCode === undefined ? before.industryCode : patch.industryCode,
        tags: patch.tags ? [...new Set(patch.tags)] : before.tags,
        clusterIds: patch.clusterIds ?? before.clusterIds,
      };
      const changes = diff(before, after);
      if (Object.keys(changes).length === 0) return enterprise;
      enterprise.name = after.name;
      enterprise.industryCode = after.industryCode;
      enterprise.tags = after.tags;
      if (patch.clusterIds) enterprise.clusters = await this.loadClusters(manager, patch.clusterIds, enterprise.regionCode);
      await manager.save(enterprise);
      if (changes.name) await reindexPostDemandsOf(manager, { enterpriseIds: [enterprise.id] });
      await recordAudit(manager, actor, 'UPDATE', auditSubject('Enterprise', enterprise.id, enterprise.regionCode), changes);
      return enterprise;
    });
  }

  private async loadClusters(manager: EntityManager, ids: string[], regionCode: string): Promise<IndustrialCluster[]> {
    if (ids.length === 0) return [];
    const clusters = await manager.getRepository(IndustrialCluster).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
    const missing = ids.filter((id) => !clusters.some((c) => c.id === id));
    if (missing.length) throw new NotFoundError('IndustrialCluster', missing.join(', '), ['input', 'clusterIds']);
    const foreign = clusters.find((c) => !regionCovers(c.regionCode, regionCode) && !regionCovers(regionCode, c.regionCode));
    if (foreign) throw new DomainError('INVALID', `cluster ${foreign.name} belongs to region ${foreign.regionCode}`, ['input', 'clusterIds']);
    return clusters;
  }
}
