import type { DataSource } from 'typeorm';
import { regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { Enterprise } from '../enterprise/enterprise.entity';
import { creditCodeErrors } from '../enterprise/enterprise.service';
import { SkillChain, SkillChainMember, SkillChainMemberKind } from './skill-chain.entity';

export interface MemberInput {
  kind: SkillChainMemberKind;
  creditCode: string;
  name?: string;
}

export interface SkillChainFilter {
  regionCode?: string;
  leaderEnterpriseId?: string;
  memberEnterpriseId?: string;
  /** An ENTERPRISE caller sees only the chains it belongs to. */
  visibleToEnterpriseId?: string;
}

export class SkillChainService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, SkillChain>> {
    const rows = await this.dataSource.getRepository(SkillChain).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async membersByIds(ids: readonly string[]): Promise<Map<string, SkillChainMember>> {
    const rows = await this.dataSource.getRepository(SkillChainMember).createQueryBuilder('m').where('m.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async membersOf(chainIds: readonly string[]): Promise<Map<string, SkillChainMember[]>> {
    const rows = await this.dataSource
      .getRepository(SkillChainMember)
      .createQueryBuilder('m')
      .where('m.chain_id IN (:...chainIds)', { chainIds })
      .orderBy('m.id')
      .getMany();
    const result = new Map<string, SkillChainMember[]>(chainIds.map((id) => [id, []]));
    for (const row of rows) result.get(row.chainId)?.push(row);
    return result;
  }

  async list(filter: SkillChainFilter, offset: number, limit: number): Promise<{ items: SkillChain[]; total: number }> {
    const qb = this.dataSource.getRepository(SkillChain).createQueryBuilder('c').orderBy('c.id');
    if (filter.regionCode) qb.andWhere('c.region_code LIKE :prefix', { prefix: `${regionPrefix(filter.regionCode)}%` });
    if (filter.leaderEnterpriseId) qb.andWhere('c.leader_enterprise_id = :leader', { leader: filter.leaderEnterpriseId });
    if (filter.memberEnterpriseId) {
      qb.andWhere('EXISTS (SELECT 1 FROM skill_chain_member m WHERE m.chain_id = c.id AND m.enterprise_id = :member)', { member: filter.memberEnterpriseId });
    }
    if (filter.visibleToEnterpriseId !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM skill_chain_member v WHERE v.chain_id = c.id AND v.enterprise_id = :self)', { self: filter.visibleToEnterpriseId });
    }
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** ADMIN builds a chain of its region around a leader enterprise (链主), itself the first member. */
  async create(principal: Principal, actor: Actor, input: { name: string; regionCode: string; leaderEnterpriseId: string; clusterId?: string }): Promise<SkillChain> {
    assertRegionInScope(principal, input.regionCode, ['input', 'regionCode']);
    return this.dataSource.transaction(async (manager) => {
      const leader = await manager.getRepository(Enterprise).findOneBy({ id: input.leaderEnterpriseId });
      if (!leader) throw new NotFoundError('Enterprise', input.leaderEnterpriseId, ['input', 'leaderEnterpriseId']);
      const chain = await manager.getRepository(SkillChain).save({
        name: input.name.trim(),
        regionCode: input.regionCode,
        leaderEnterpriseId: leader.id,
        clusterId: input.clusterId ?? null,
      });
      await manager.getRepository(SkillChainMember).save({
        chainId: chain.id,
        kind: SkillChainMemberKind.ENTERPRISE,
        creditCode: leader.creditCode,
        name: leader.name,
        enterpriseId: leader.id,
      });
      await recordAudit(manager, actor, 'CREATE', auditSubject('SkillChain', chain.id, chain.regionCode), { name: chain.name, regionCode: chain.regionCode, leaderEnterpriseId: leader.id });
      return chain;
    });
  }

  /**
   * Adds an enterprise, college, school, training institution, evaluation body or HR service body.
   * An ENTERPRISE member must be registered on the platform; other kinds are named with their code.
   */
  async addMember(principal: Principal, actor: Actor, chainId: string, member: MemberInput): Promise<SkillChain> {
    const errors = creditCodeErrors(member.creditCode, ['input', 'creditCode']);
    if (errors.length) throw new DomainErrors(errors);
    return this.dataSource.transaction(async (manager) => {
      const chain = await manager.getRepository(SkillChain).findOne({ where: { id: chainId }, lock: { mode: 'pessimistic_write' } });
      if (!chain) throw new NotFoundError('SkillChain', chainId, ['input', 'chainId']);
      assertRegionInScope(principal, chain.regionCode, ['input', 'chainId']);
      const enterprise = await manager.getRepository(Enterprise).findOneBy({ creditCode: member.creditCode });
      if (member.kind === SkillChainMemberKind.ENTERPRISE && !enterprise) {
        throw new DomainError('NOT_FOUND', `no enterprise with credit code ${member.creditCode} is registered`, ['input', 'creditCode']);
      }
      const name = member.name?.trim() || enterprise?.name;
      if (!name) throw new DomainError('REQUIRED', 'name is required for a member that is not a registered enterprise', ['input', 'name']);
      if (await manager.getRepository(SkillChainMember).existsBy({ chainId, creditCode: member.creditCode })) {
        throw new DomainError('DUPLICATE', `${member.creditCode} is already a member of this chain`, ['input', 'creditCode']);
      }
      const saved = await manager.getRepository(SkillChainMember).save({
        chainId,
        kind: member.kind,
        creditCode: member.creditCode,
        name,
        enterpriseId: member.kind === SkillChainMemberKind.ENTERPRISE ? enterprise!.id : null,
      });
      await recordAudit(manager, actor, 'ADD_MEMBER', auditSubject('SkillChain', chainId, chain.regionCode), { memberId: saved.id, kind: member.kind, creditCode: member.creditCode, name });
      return chain;
    });
  }

  async removeMember(principal: Principal, actor: Actor, chainId: string, creditCode: string): Promise<SkillChain> {
    return this.dataSource.transaction(async (manager) => {
      const chain = await manager.getRepository(SkillChain).findOne({ where: { id: chainId }, lock: { mode: 'pessimistic_write' } });
      if (!chain) throw new NotFoundError('SkillChain', chainId, ['input', 'chainId']);
      assertRegionInScope(principal, chain.regionCode, ['input', 'chainId']);
      const member = await manager.getRepository(SkillChainMember).findOneBy({ chainId, creditCode });
      if (!member) throw new DomainError('NOT_FOUND', `${creditCode} is not a member of this chain`, ['input', 'creditCode']);
      if (member.enterpriseId === chain.leaderEnterpriseId) {
        throw new DomainError('LEADER', 'the chain leader cannot be removed; create a new chain instead', ['input', 'creditCode']);
      }
      await manager.getRepository(SkillChainMember).delete({ id: member.id });
      await recordAudit(manager, actor, 'REMOVE_MEMBER', auditSubject('SkillChain', chainId, chain.regionCode), { kind: member.kind, creditCode, name: member.name });
      return chain;
    });
  }
}
