import { In, type DataSource, type EntityManager } from 'typeorm';
import { regionAndAncestors } from '../../search/post-demands.index';
import { enqueueCourseReindex } from '../../search/courses.index';
import { Role, regionCovers, regionPrefix, type Principal } from '../../server/auth';
import { DomainError, NotFoundError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { auditSubject, diff, recordAudit, type Actor } from '../audit/audit';
import { todayInChina } from '../demand/post-demand-rules';
import { computeDemandGap } from './demand-gap.service';
import { formatPercent, parsePercent } from './money';
import { RegionPolicy, ShortageCatalog, ShortageCatalogEntry } from './shortage-catalog.entity';
import { catalogInForce, catalogInForceSql, formatRatio, levelFromRatio, lockUpliftCaps, parseRatio, upliftCap } from './shortage-rules';
import { ShortageCatalogStatus, type ShortageLevel } from './supply-enums';
import { assertRegionExists } from '../region/region.service';

export const DEFAULT_MIN_RATIO = '1.50';
/** In hundredths: `min_ratio` is numeric(8,2), so at most 999999.99. */
const MAX_MIN_RATIO = 99_999_999n;
/** In hundredths of a percent: `max_shortage_uplift_percent` is checked to lie between 0 and 100. */
const MAX_CAP = 10_000n;

export interface DraftCatalogInput {
  regionCode: string;
  period: string;
  title: string;
  minRatio?: string | null;
}

export interface SetEntryInput {
  catalogId: string;
  occupationCode: string;
  level: ShortageLevel;
  subsidyUpliftPercent: string;
  /** Undefined keeps the entry's note; null clears it. */
  note?: string | null;
}

export interface CatalogFilter {
  /** Catalogs of this region and of every region below it. */
  regionCode?: string;
  status?: ShortageCatalogStatus;
}

/** Published and superseded catalogs are public; a draft only for ADMIN of a region covering it. */
export function canReadCatalog(principal: Principal | undefined, catalog: Pick<ShortageCatalog, 'status' | 'regionCode'>): boolean {
  if (catalog.status !== ShortageCatalogStatus.DRAFT) return true;
  return principal?.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, catalog.regionCode);
}

/** Only `setRegionPolicy` shows a policy, to an ADMIN of a region covering it; nothing else reads one out. */
export function canReadRegionPolicy(principal: Principal | undefined, regionCode: string): boolean {
  return principal?.role === Role.ADMIN && !!principal.regionCode && regionCovers(principal.regionCode, regionCode);
}

export class ShortageCatalogService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, ShortageCatalog>> {
    const rows = await this.dataSource.getRepository(ShortageCatalog).findBy({ id: In([...ids]) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async entriesByIds(ids: readonly string[]): Promise<Map<string, ShortageCatalogEntry>> {
    const rows = await this.dataSource.getRepository(ShortageCatalogEntry).findBy({ id: In([...ids]) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async policiesByRegionCodes(regionCodes: readonly string[]): Promise<Map<string, RegionPolicy>> {
    const rows = await this.dataSource.getRepository(RegionPolicy).findBy({ regionCode: In([...regionCodes]) });
    return new Map(rows.map((r) => [r.regionCode, r]));
  }

  /** Entries of each catalog, most severe first, then by occupation code. */
  async entriesOf(catalogIds: readonly string[]): Promise<Map<string, ShortageCatalogEntry[]>> {
    const rows = await this.dataSource
      .getRepository(ShortageCatalogEntry)
      .createQueryBuilder('e')
      .where('e.catalog_id IN (:...ids)', { ids: catalogIds })
      .orderBy('e.level')
      .addOrderBy('e.occupation_code')
      .getMany();
    const result = new Map<string, ShortageCatalogEntry[]>();
    for (const row of rows) result.set(row.catalogId, [...(result.get(row.catalogId) ?? []), row]);
    return result;
  }

  /** Catalogs the caller may read, drafts first, then the latest effective first. */
  async list(principal: Principal | undefined, filter: CatalogFilter, offset: number, limit: number): Promise<{ items: ShortageCatalog[]; total: number }> {
    const qb = this.dataSource.getRepository(ShortageCatalog).createQueryBuilder('c');
    if (filter.regionCode) qb.andWhere('c.region_code LIKE :prefix', { prefix: `${regionPrefix(filter.regionCode)}%` });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (principal?.role === Role.ADMIN && principal.regionCode) {
      qb.andWhere(`(c.status <> 'DRAFT' OR c.region_code LIKE :own)`, { own: `${regionPrefix(principal.regionCode)}%` });
    } else {
      qb.andWhere(`c.status <> 'DRAFT'`);
    }
    qb.orderBy('c.effective_from', 'DESC', 'NULLS FIRST').addOrderBy('c.id', 'DESC');
    const [items, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** The entry for an occupation in the catalog in force for a region on a day; null when none lists it. */
  async inForce(regionCode: string, occupationCode: string, on: string): Promise<ShortageCatalogEntry | null> {
    const catalogId = await catalogInForce(this.dataSource.manager, regionCode, on);
    if (!catalogId) return null;
    return this.dataSource.getRepository(ShortageCatalogEntry).findOneBy({ catalogId, occupationCode });
  }

  /**
   * ADMIN drafts a catalog for a region of its scope from today's demand gap: every occupation
   * with open demand whose ratio reaches `minRatio`, or with no supply at all, carrying its
   * evidence, a level from its ratio (`levelFromRatio`) and no uplift until staff choose one.
   */
  async draft(principal: Principal, actor: Actor, input: DraftCatalogInput, today = todayInChina()): Promise<ShortageCatalog> {
    assertRegionInScope(principal, input.regionCode, ['input', 'regionCode']);
    const minRatio = parseRatio(input.minRatio ?? DEFAULT_MIN_RATIO);
    if (minRatio === null || minRatio > MAX_MIN_RATIO) {
      throw new DomainError('INVALID', 'minRatio must be a number from 0 to 999999.99 with at most two places', ['input', 'minRatio']);
    }
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, input.regionCode);
      const gap = await computeDemandGap(manager, input.regionCode, today, null);
      const chosen = gap.filter((row) => row.openDemandHeadcount > 0 && (row.ratio === null || parseRatio(row.ratio)! >= minRatio));
      const catalog = await manager.getRepository(ShortageCatalog).save(
        manager.getRepository(ShortageCatalog).create({
          regionCode: input.regionCode,
          period: input.period,
          title: input.title.trim(),
          status: ShortageCatalogStatus.DRAFT,
          minRatio: formatRatio(minRatio),
          effectiveFrom: null,
          publishedAt: null,
          supersededById: null,
        }),
      );
      const entries = chosen.map((row) => ({
        catalogId: catalog.id,
        occupationCode: row.occupationCode,
        level: levelFromRatio(row.ratio === null ? null : parseRatio(row.ratio)),
        subsidyUpliftPercent: '0.00',
        note: null,
        evidenceDemandHeadcount: row.openDemandHeadcount,
        evidenceSupply: row.supply,
        evidenceRatio: row.ratio,
      }));
      if (entries.length > 0) await manager.getRepository(ShortageCatalogEntry).insert(entries);
      await recordAudit(manager, actor, 'DRAFT_SHORTAGE_CATALOG', auditSubject('ShortageCatalog', catalog.id, catalog.regionCode), {
        regionCode: catalog.regionCode,
        period: catalog.period,
        title: catalog.title,
        minRatio: catalog.minRatio,
        evidenceOn: today,
        entries: chosen.map((row) => ({ occupationCode: row.occupationCode, demand: row.openDemandHeadcount, supply: row.supply, ratio: row.ratio })),
      });
      return catalog;
    });
  }

  /**
   * Adds or changes the entry for an occupation on a draft. The uplift may not exceed the cap of
   * the catalog's region (`upliftCap`: its own policy, its city's, its province's, else 10%).
   */
  async setEntry(principal: Principal, actor: Actor, input: SetEntryInput): Promise<ShortageCatalog> {
    const uplift = parsePercent(input.subsidyUpliftPercent);
    if (uplift === null) {
      throw new DomainError('INVALID', 'subsidyUpliftPercent must be a percentage of 0 or more with at most two places', ['input', 'subsidyUpliftPercent']);
    }
    return this.dataSource.transaction(async (manager) => {
      const catalog = await lockDraft(manager, principal, input.catalogId);
      const [occupation] = await manager.query('SELECT 1 FROM occupation WHERE code = $1', [input.occupationCode]);
      if (!occupation) throw new NotFoundError('Occupation', input.occupationCode, ['input', 'occupationCode']);
      const cap = await upliftCap(manager, catalog.regionCode);
      if (uplift > parsePercent(cap.percent)!) {
        const source = cap.setBy ? `set by region ${cap.setBy}` : 'the national default';
        throw new DomainError(
          'UPLIFT_ABOVE_CAP',
          `subsidyUpliftPercent ${formatPercent(uplift)} is above the cap of ${cap.percent}% for region ${catalog.regionCode} (${source})`,
          ['input', 'subsidyUpliftPercent'],
        );
      }
      const entries = manager.getRepository(ShortageCatalogEntry);
      const before = await entries.findOneBy({ catalogId: catalog.id, occupationCode: input.occupationCode });
      const after = {
        level: input.level,
        subsidyUpliftPercent: formatPercent(uplift),
        note: input.note === undefined ? (before?.note ?? null) : input.note?.trim() || null,
      };
      if (before) await entries.update(before.id, after);
      else await entries.insert({ catalogId: catalog.id, occupationCode: input.occupationCode, ...after });
      await recordAudit(manager, actor, 'SET_SHORTAGE_ENTRY', auditSubject('ShortageCatalog', catalog.id, catalog.regionCode), {
        occupationCode: input.occupationCode,
        ...(before ? diff(before, after) : { created: after }),
      });
      return touch(manager, catalog.id);
    });
  }

  async removeEntry(principal: Principal, actor: Actor, catalogId: string, occupationCode: string): Promise<ShortageCatalog> {
    return this.dataSource.transaction(async (manager) => {
      const catalog = await lockDraft(manager, principal, catalogId);
      const entry = await manager.getRepository(ShortageCatalogEntry).findOneBy({ catalogId, occupationCode });
      if (!entry) throw new DomainError('NOT_FOUND', `catalog ${catalogId} has no entry for occupation ${occupationCode}`, ['input', 'occupationCode']);
      await manager.getRepository(ShortageCatalogEntry).delete(entry.id);
      await recordAudit(manager, actor, 'REMOVE_SHORTAGE_ENTRY', auditSubject('ShortageCatalog', catalog.id, catalog.regionCode), {
        occupationCode,
        removed: { level: entry.level, subsidyUpliftPercent: entry.subsidyUpliftPercent, note: entry.note },
      });
      return touch(manager, catalog.id);
    });
  }

  /**
   * Puts a draft in force from `effectiveFrom`, which must come after the latest published
   * catalog of its region; that one becomes SUPERSEDED (and stays readable). Every course whose
   * shortage entry changes is queued for reindexing in the same transaction (`affectedCourses`).
   */
  async publish(principal: Principal, actor: Actor, catalogId: string, effectiveFrom: string): Promise<ShortageCatalog> {
    return this.dataSource.transaction(async (manager) => {
      const [found]: { region_code: string }[] = await manager.query('SELECT region_code FROM shortage_catalog WHERE id = $1', [catalogId]);
      if (!found) throw new NotFoundError('ShortageCatalog', catalogId, ['input', 'catalogId']);
      assertRegionInScope(principal, found.region_code, ['input', 'catalogId']);
      // Serialises publications for a region, so two cannot both supersede the same predecessor.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('shortage-catalog:' || $1))`, [found.region_code]);
      const catalog = await lockDraft(manager, principal, catalogId);
      const [latest]: { id: string; effective_from: string }[] = await manager.query(
        `SELECT id::text AS id, effective_from::text AS effective_from FROM shortage_catalog
          WHERE region_code = $1 AND status IN ('PUBLISHED', 'SUPERSEDED')
          ORDER BY effective_from DESC, id DESC LIMIT 1`,
        [catalog.regionCode],
      );
      if (latest && effectiveFrom <= latest.effective_from) {
        throw new DomainError(
          'NOT_AFTER_PREVIOUS',
          `effectiveFrom ${effectiveFrom} must be after ${latest.effective_from}, when the latest catalog of region ${catalog.regionCode} took effect`,
          ['input', 'effectiveFrom'],
        );
      }
      // The cap may have been lowered since an entry was set; a catalog never goes into force above it.
      await lockUpliftCaps(manager, catalog.regionCode);
      const cap = await upliftCap(manager, catalog.regionCode);
      const [above]: { codes: string[] | null }[] = await manager.query(
        `SELECT array_agg(occupation_code ORDER BY occupation_code) AS codes FROM shortage_catalog_entry
          WHERE catalog_id = $1 AND subsidy_uplift_percent > $2::numeric`,
        [catalog.id, cap.percent],
      );
      if (above.codes) {
        throw new DomainError(
          'UPLIFT_ABOVE_CAP',
          `the entries for ${above.codes.join(', ')} have an uplift above the cap of ${cap.percent}% for region ${catalog.regionCode}`,
          ['input', 'catalogId'],
        );
      }
      const courses = await affectedCourses(manager, catalog, effectiveFrom);
      const [superseded]: [{ id: string }[], number] = await manager.query(
        `UPDATE shortage_catalog SET status = 'SUPERSEDED', superseded_by_id = $2, updated_at = now(), version = version + 1
          WHERE region_code = $1 AND status = 'PUBLISHED' RETURNING id::text AS id`,
        [catalog.regionCode, catalog.id],
      );
      const publishedAt = new Date();
      await manager.query(
        `UPDATE shortage_catalog SET status = 'PUBLISHED', effective_from = $2, published_at = $3, updated_at = now(), version = version + 1 WHERE id = $1`,
        [catalog.id, effectiveFrom, publishedAt],
      );
      await enqueueCourseReindex(manager, courses);
      await recordAudit(manager, actor, 'PUBLISH_SHORTAGE_CATALOG', auditSubject('ShortageCatalog', catalog.id, catalog.regionCode), {
        status: { from: ShortageCatalogStatus.DRAFT, to: ShortageCatalogStatus.PUBLISHED },
        effectiveFrom,
        publishedAt: publishedAt.toISOString(),
        supersedes: superseded.map((s) => s.id),
        coursesReindexed: courses.length,
      });
      for (const { id } of superseded) {
        await recordAudit(manager, actor, 'SUPERSEDE_SHORTAGE_CATALOG', auditSubject('ShortageCatalog', id, catalog.regionCode), {
          status: { from: ShortageCatalogStatus.PUBLISHED, to: ShortageCatalogStatus.SUPERSEDED },
          supersededById: catalog.id,
        });
      }
      return manager.getRepository(ShortageCatalog).findOneByOrFail({ id: catalog.id });
    });
  }

  /**
   * ADMIN sets the uplift cap of a region of its scope; regions below it without their own inherit
   * it. Entries already on catalogs keep their uplift: the cap is checked when an entry is set.
   */
  async setRegionPolicy(principal: Principal, actor: Actor, regionCode: string, maxShortageUpliftPercent: string): Promise<RegionPolicy> {
    assertRegionInScope(principal, regionCode, ['input', 'regionCode']);
    const cap = parsePercent(maxShortageUpliftPercent);
    if (cap === null || cap > MAX_CAP) {
      throw new DomainError('INVALID', 'maxShortageUpliftPercent must be from 0 to 100 with at most two places', ['input', 'maxShortageUpliftPercent']);
    }
    return this.dataSource.transaction(async (manager) => {
      await assertRegionExists(manager, regionCode);
      await lockUpliftCaps(manager, regionCode);
      const [before]: { cap: string }[] = await manager.query(
        'SELECT max_shortage_uplift_percent::text AS cap FROM region_policy WHERE region_code = $1 FOR UPDATE',
        [regionCode],
      );
      await manager.query(
        `INSERT INTO region_policy (region_code, max_shortage_uplift_percent) VALUES ($1, $2)
         ON CONFLICT (region_code) DO UPDATE SET max_shortage_uplift_percent = EXCLUDED.max_shortage_uplift_percent, updated_at = now()`,
        [regionCode, formatPercent(cap)],
      );
      await refuseCapBelowPublishedUplifts(manager, regionCode);
      await recordAudit(manager, actor, 'SET_REGION_POLICY', auditSubject('RegionPolicy', regionCode, regionCode), {
        maxShortageUpliftPercent: { from: before?.cap ?? null, to: formatPercent(cap) },
      });
      return manager.getRepository(RegionPolicy).findOneByOrFail({ regionCode });
    });
  }
}

/**
 * A published catalog's uplifts stay within the cap of its region: quotes and search take them as
 * published. So a policy that would put the cap of a region with a published catalog (at or below
 * `regionCode`) under one of its uplifts is refused, and the bureau publishes a catalog within the
 * new cap first. Drafts are checked when they are published.
 */
async function refuseCapBelowPublishedUplifts(manager: EntityManager, regionCode: string): Promise<void> {
  const prefix = regionPrefix(regionCode);
  const published: { id: string; region_code: string; uplift: string }[] = await manager.query(
    `SELECT c.id::text AS id, c.region_code, max(e.subsidy_uplift_percent)::text AS uplift
       FROM shortage_catalog c JOIN shortage_catalog_entry e ON e.catalog_id = c.id
      WHERE c.status = 'PUBLISHED' AND left(c.region_code, $2) = $1
      GROUP BY c.id ORDER BY c.id`,
    [prefix, prefix.length],
  );
  for (const catalog of published) {
    const cap = await upliftCap(manager, catalog.region_code);
    if (parsePercent(catalog.uplift)! > parsePercent(cap.percent)!) {
      throw new DomainError(
        'UPLIFT_ABOVE_CAP',
        `the published catalog ${catalog.id} of region ${catalog.region_code} has an uplift of ${catalog.uplift}%, above the cap of ${cap.percent}% this policy would set; publish a catalog within it first`,
        ['input', 'maxShortageUpliftPercent'],
      );
    }
  }
}

/** A draft with a row lock, after the scope check; NOT_DRAFT once published. */
async function lockDraft(manager: EntityManager, principal: Principal, id: string): Promise<ShortageCatalog> {
  const catalog = await manager.getRepository(ShortageCatalog).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!catalog) throw new NotFoundError('ShortageCatalog', id, ['input', 'catalogId']);
  assertRegionInScope(principal, catalog.regionCode, ['input', 'catalogId']);
  if (catalog.status !== ShortageCatalogStatus.DRAFT) {
    throw new DomainError('NOT_DRAFT', `catalog ${id} is ${catalog.status}: only a draft can be changed or published`, ['input', 'catalogId']);
  }
  return catalog;
}

/** A change to the entries is a change to the catalog. */
async function touch(manager: EntityManager, id: string): Promise<ShortageCatalog> {
  await manager.query('UPDATE shortage_catalog SET updated_at = now(), version = version + 1 WHERE id = $1', [id]);
  return manager.getRepository(ShortageCatalog).findOneByOrFail({ id });
}

/**
 * The courses whose shortage entry changes when `catalog` (still a draft) takes effect from
 * `effectiveFrom`, in one statement. A course is affected when it
 * - lies in the catalog region's subtree and starts on or after `effectiveFrom`,
 * - is not shielded: no region between its own and the catalog's (its district, its city) has a
 *   catalog in force on its start date, since the nearest one wins,
 * - and the entry for its occupation differs (added, removed, other level or uplift) between the
 *   catalog in force on its start date until now (the region's predecessor, or failing that a
 *   catalog of a region above) and this one.
 * Every status counts: the courses index holds drafts and cancelled courses too.
 */
export async function affectedCourses(manager: EntityManager, catalog: ShortageCatalog, effectiveFrom: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT co.id::text AS id
       FROM course co
       LEFT JOIN shortage_catalog_entry ne ON ne.catalog_id = $1 AND ne.occupation_code = co.occupation_code
       LEFT JOIN shortage_catalog_entry pe ON pe.occupation_code = co.occupation_code
             AND pe.catalog_id = (${catalogInForceSql('$2', 'co.starts_on')})
      WHERE co.region_code LIKE $3 AND co.starts_on >= $4::date
        AND NOT EXISTS (
              SELECT 1 FROM shortage_catalog s
               WHERE s.region_code IN (co.region_code, left(co.region_code, 4) || '00') AND s.region_code <> ALL($2::char(6)[])
                 AND s.status IN ('PUBLISHED', 'SUPERSEDED') AND s.effective_from <= co.starts_on)
        AND (ne.level, ne.subsidy_uplift_percent) IS DISTINCT FROM (pe.level, pe.subsidy_uplift_percent)`,
    [catalog.id, regionAndAncestors(catalog.regionCode), `${regionPrefix(catalog.regionCode)}%`, effectiveFrom],
  );
  return rows.map((r) => r.id);
}
