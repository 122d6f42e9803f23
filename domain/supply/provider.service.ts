import type { DataSource, EntityManager } from 'typeorm';
import { enqueueCourseReindex } from '../../search/courses.index';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, DomainErrors, NotFoundError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { creditCodeErrors } from '../enterprise/enterprise.service';
import { Provider, ProviderAdmission } from './provider.entity';
import { notAdmittedReason } from './subsidy-facts';
import type { ProviderType } from './supply-enums';
import { assertRegionExists } from '../region/region.service';

export interface ProviderInput {
  creditCode: string;
  name: string;
  type: ProviderType;
  regionCode: string;
}

export interface ProviderFilter {
  /** This region and every region below it. */
  regionCode?: string;
  type?: ProviderType;
  /** Providers on the admitted list on that day (admitted and not suspended). */
  admittedOn?: string;
}

export const MAX_SUSPENSION_REASON = 500;

/** A provider acts for itself; an ADMIN for every provider registered in its region. */
export function canActForProvider(principal: Principal, provider: Pick<Provider, 'id' | 'regionCode'>): boolean {
  if (principal.role === Role.PROVIDER) return !!principal.providerId && principal.providerId === provider.id;
  if (principal.role === Role.ADMIN) return !!principal.regionCode && regionCovers(principal.regionCode, provider.regionCode);
  return false;
}

export function assertCanActForProvider(principal: Principal, provider: Pick<Provider, 'id' | 'regionCode'>, field: string[]): void {
  if (!canActForProvider(principal, provider)) throw new DomainError('FORBIDDEN', `you may not act for provider ${provider.id}`, field);
}

/** Whether the admissions put the provider on the admitted list on `day`: the rule of a one-day course. */
export function isAdmittedOn(admissions: readonly ProviderAdmission[], day: string): boolean {
  const rows = admissions.map((a) => ({
    provider_id: a.providerId,
    admitted_from: a.admittedFrom,
    admitted_until: a.admittedUntil,
    suspended_on: a.suspendedOn,
    suspension_reason: a.suspensionReason,
  }));
  return notAdmittedReason({ startsOn: day, endsOn: day }, rows) === null;
}

export class ProviderService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Provider>> {
    const rows = await this.dataSource.getRepository(Provider).createQueryBuilder('p').where('p.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async byCreditCode(creditCode: string): Promise<Provider | null> {
    return this.dataSource.getRepository(Provider).findOneBy({ creditCode });
  }

  async admissionsByIds(ids: readonly string[]): Promise<Map<string, ProviderAdmission>> {
    const rows = await this.dataSource.getRepository(ProviderAdmission).createQueryBuilder('a').where('a.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Every admission period of each provider, oldest first. */
  async admissionsOf(providerIds: readonly string[]): Promise<Map<string, ProviderAdmission[]>> {
    const rows = await this.dataSource
      .getRepository(ProviderAdmission)
      .createQueryBuilder('a')
      .where('a.provider_id IN (:...providerIds)', { providerIds })
      .orderBy('a.admitted_from', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
    const result = new Map<string, ProviderAdmission[]>(providerIds.map((id) => [id, []]));
    for (const row of rows) result.get(row.providerId)?.push(row);
    return result;
  }

  /** The admitted list is public: anyone may list providers, by name or credit code. */
  async list(query: string | undefined, filter: ProviderFilter, offset: number, limit: number): Promise<{ items: Provider[]; total: number }> {
    const qb = this.dataSource.getRepository(Provider).createQueryBuilder('p');
    if (query?.trim()) {
      const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(p.name ILIKE :like OR p.credit_code = :exact)', { like, exact: query.trim().toUpperCase() });
    }
    if (filter.regionCode) qb.andWhere('p.region_code LIKE :prefix', { prefix: regionPrefix(filter.regionCode) + '%' });
    if (filter.type) qb.andWhere('p.type = :type', { type: filter.type });
    if (filter.admittedOn) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM provider_admission a WHERE a.provider_id = p.id AND a.admitted_from <= :on AND a.admitted_until >= :on
                   AND (a.suspended_on IS NULL OR a.suspended_on > :on))`,
        { on: filter.admittedOn },
      );
    }
    qb.orderBy('p.id', 'ASC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** ADMIN registers a provider of its region; the credit code must be valid and unused. */
  async register(principal: Principal, actor: Actor, input: ProviderInput): Promise<Provider> {
    const errors = [...creditCodeErrors(input.creditCode, ['input', 'creditCode'])];
    const name = input.name.trim();
    if (name.length === 0) errors.push(new DomainError('INVALID', 'name must not be blank', ['input', 'name']));
    if (errors.length) throw new DomainErrors(errors);
    assertRegionInScope(principal, input.regionCode, ['input', 'regionCode']);
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode);
      if (await manager.getRepository(Provider).existsBy({ creditCode: input.creditCode })) {
        throw new DomainError('DUPLICATE', `a provider with credit code ${input.creditCode} is already registered`, ['input', 'creditCode']);
      }
      const provider = manager.getRepository(Provider).create({ creditCode: input.creditCode, name, type: input.type, regionCode: input.regionCode });
      await manager.save(provider);
      await recordAudit(manager, actor, 'REGISTER', auditSubject('Provider', provider.id, provider.regionCode), { creditCode: input.creditCode, name, type: input.type, regionCode: input.regionCode });
      return provider;
    });
  }

  /** ADMIN of its region renames a provider or corrects its type; course documents carry both, so they are reindexed. */
  async update(principal: Principal, actor: Actor, id: string, patch: { name?: string; type?: ProviderType }): Promise<Provider> {
    const name = patch.name?.trim();
    if (name === '') throw new DomainError('INVALID', 'name must not be blank', ['input', 'name']);
    return this.dataSource.transaction(async (manager) => {
      const provider = await this.lockForAdmin(manager, principal, id);
      const changes = diff({ name: provider.name, type: provider.type }, { name: name ?? provider.name, type: patch.type ?? provider.type });
      if (Object.keys(changes).length === 0) return provider;
      provider.name = name ?? provider.name;
      provider.type = patch.type ?? provider.type;
      await manager.save(provider);
      await this.reindexCoursesOf(manager, provider.id);
      await recordAudit(manager, actor, 'UPDATE', auditSubject('Provider', provider.id, provider.regionCode), changes);
      return provider;
    });
  }

  /**
   * Puts the provider on the admitted list from `from` to `until`. A period that overlaps or adjoins
   * an unsuspended admission is merged with it (rather than refused): a renewal usually overlaps the
   * period it extends, and one row per continuous period keeps the list readable; the audit entry
   * keeps the rows merged. Suspended admissions are never merged, so a re-admission after a
   * suspension is a row of its own and the suspension stays on record. Admitting a period already
   * covered changes nothing.
   */
  async admit(principal: Principal, actor: Actor, id: string, from: string, until: string): Promise<Provider> {
    if (until < from) throw new DomainError('INVALID', `until ${until} is before from ${from}`, ['input', 'until']);
    return this.dataSource.transaction(async (manager) => {
      const provider = await this.lockForAdmin(manager, principal, id);
      const repo = manager.getRepository(ProviderAdmission);
      const touching = await repo
        .createQueryBuilder('a')
        .where('a.provider_id = :id AND a.suspended_on IS NULL', { id })
        .andWhere('a.admitted_from <= CAST(:until AS date) + 1 AND a.admitted_until >= CAST(:from AS date) - 1', { from, until })
        .orderBy('a.id', 'ASC')
        .getMany();
      if (touching.length === 1 && touching[0].admittedFrom <= from && until <= touching[0].admittedUntil) return provider;

      const admittedFrom = [from, ...touching.map((a) => a.admittedFrom)].sort()[0];
      const admittedUntil = [until, ...touching.map((a) => a.admittedUntil)].sort().reverse()[0];
      const [kept, ...absorbed] = touching;
      const admission = kept ?? repo.create({ providerId: provider.id, suspendedOn: null, suspensionReason: null });
      admission.admittedFrom = admittedFrom;
      admission.admittedUntil = admittedUntil;
      if (absorbed.length) await repo.delete(absorbed.map((a) => a.id));
      await repo.save(admission);
      await this.reindexCoursesOf(manager, provider.id);
      await recordAudit(manager, actor, 'ADMIT', auditSubject('Provider', provider.id, provider.regionCode), {
        from,
        until,
        admissionId: admission.id,
        admittedFrom,
        admittedUntil,
        ...(touching.length ? { merged: touching.map((a) => ({ id: a.id, admittedFrom: a.admittedFrom, admittedUntil: a.admittedUntil })) } : {}),
      });
      return provider;
    });
  }

  /**
   * Takes the provider off the admitted list from today (China): every admission still running or
   * yet to start is cut, so no course still running today is subsidised any more.
   */
  async suspend(principal: Principal, actor: Actor, id: string, reason: string, today = todayInChina()): Promise<Provider> {
    const text = reason.trim();
    if (text.length === 0 || text.length > MAX_SUSPENSION_REASON) {
      throw new DomainError('INVALID', `reason must have 1 to ${MAX_SUSPENSION_REASON} characters`, ['input', 'reason']);
    }
    return this.dataSource.transaction(async (manager) => {
      const provider = await this.lockForAdmin(manager, principal, id);
      const suspended: { id: string }[] = await manager.query(
        `WITH suspended AS (
           UPDATE provider_admission SET suspended_on = $2::date, suspension_reason = $3
            WHERE provider_id = $1 AND admitted_until >= $2::date AND suspended_on IS NULL
           RETURNING id)
         SELECT id::text AS id FROM suspended ORDER BY suspended.id`,
        [provider.id, today, text],
      );
      if (suspended.length === 0) {
        throw new DomainError('NOT_ADMITTED', `provider ${provider.name} has no admission running on or after ${today} to suspend`, ['input', 'providerId']);
      }
      await this.reindexCoursesOf(manager, provider.id);
      await recordAudit(manager, actor, 'SUSPEND', auditSubject('Provider', provider.id, provider.regionCode), { suspendedOn: today, reason: text, admissionIds: suspended.map((a) => a.id) });
      return provider;
    });
  }

  /** The provider, locked against concurrent admission changes, when the caller is ADMIN of its region. */
  private async lockForAdmin(manager: EntityManager, principal: Principal, id: string): Promise<Provider> {
    const provider = await manager.getRepository(Provider).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!provider) throw new NotFoundError('Provider', id, ['input', 'providerId']);
    assertRegionInScope(principal, provider.regionCode, ['input', 'providerId']);
    return provider;
  }

  /** Whether each course is subsidised depends on its provider's admissions (and name in its document). */
  private async reindexCoursesOf(manager: EntityManager, providerId: string): Promise<void> {
    const rows: { id: string }[] = await manager.query('SELECT id::text AS id FROM course WHERE provider_id = $1', [providerId]);
    await enqueueCourseReindex(manager, rows.map((r) => r.id));
  }
}
