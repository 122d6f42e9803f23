import { In, type DataSource } from 'typeorm';
import { Role, regionCovers, regionRange, type Principal } from '../../server/auth';
import { DomainError } from '../../server/errors';
import { assertRegionInScope } from '../access/scope';
import { AuditEntry } from './audit-entry.entity';

export interface AuditTrailFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  regionCode?: string;
  since?: Date;
  until?: Date;
}

export interface AuditTrailPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
  totalCount: number;
}

const CURSOR = /^audit:(\d{1,19})$/;

export function encodeAuditCursor(id: string): string {
  return Buffer.from(`audit:${id}`, 'utf8').toString('base64url');
}

/** The entry id inside a cursor this trail gave out, or undefined for anything else. */
export function decodeAuditCursor(cursor: string): string | undefined {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match && encodeAuditCursor(match[1]) === cursor ? match[1] : undefined;
}

/** ADMINs read the entries of their regions, and those of national data (no region). */
export function canReadAuditEntry(principal: Principal | undefined, entry: Pick<AuditEntry, 'regionCodes'>): boolean {
  if (principal?.role !== Role.ADMIN || !principal.regionCode) return false;
  return entry.regionCodes.length === 0 || entry.regionCodes.some((code) => regionCovers(principal.regionCode!, code));
}

/**
 * Reads the audit trail newest first, for the ADMINs of the regions each entry concerns (and, for
 * national data such as occupations, every ADMIN). Pages follow the entry id, so entries written
 * while a client pages do not shift the pages it has yet to read.
 */
export class AuditTrailService {
  constructor(private readonly dataSource: DataSource) {}

  async page(principal: Principal, filter: AuditTrailFilter, afterId: string | undefined, first: number): Promise<AuditTrailPage> {
    if (principal.role !== Role.ADMIN || !principal.regionCode) throw new DomainError('FORBIDDEN', 'the audit trail is read by ADMINs of a region');
    if (filter.regionCode) assertRegionInScope(principal, filter.regionCode, ['filter', 'regionCode']);
    const [low, high] = regionRange(filter.regionCode ?? principal.regionCode!);
    const inRegion = 'EXISTS (SELECT 1 FROM unnest(a.region_codes) r WHERE r >= :low AND r < :high)';
    const query = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where(filter.regionCode ? inRegion : `(cardinality(a.region_codes) = 0 OR ${inRegion})`, { low, high });
    if (filter.entityType) query.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actor) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) query.andWhere('a.at >= :since', { since: filter.since });
    if (filter.until) query.andWhere('a.at < :until', { until: filter.until });
    const totalCount = await query.clone().getCount();
    if (afterId) query.andWhere('a.id < :afterId', { afterId });
    const rows = await query.orderBy('a.id', 'DESC').limit(first + 1).getMany();
    return { entries: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  async byIds(ids: readonly string[]): Promise<Map<string, AuditEntry>> {
    const numeric = ids.filter((id) => /^\d{1,18}$/.test(id));
    const rows = numeric.length ? await this.dataSource.getRepository(AuditEntry).findBy({ id: In(numeric) }) : [];
    return new Map(rows.map((row) => [row.id, row]));
  }
}
