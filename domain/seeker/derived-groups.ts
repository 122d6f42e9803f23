import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import type { Logger } from '../../server/logger';
import { SeekerGroup } from '../supply/supply-enums';
import { isWomansIdNumber } from './identity';
import { decryptPii, type PiiKeys } from './pii';

const BATCH = 2_000;

/**
 * Gives every stored seeker (and the seats they took) the WOMEN group their identity number
 * implies, and takes it from any other: the data upgrade for seekers registered before the group
 * existed. Each seeker changed gets an audit entry naming the upgrade as the actor. A row the key
 * cannot open (damaged) is left and reported rather than holding up every boot; a key that opens
 * none is the wrong key, and stops it.
 */
export async function deriveWomenFromIdNumbers(manager: EntityManager, keys: PiiKeys, log: Logger, batch = BATCH): Promise<Record<string, number>> {
  let after = '0';
  let seekers = 0;
  let changed = 0;
  const unreadable: string[] = [];
  for (;;) {
    const rows: { id: string; id_number_sealed: Buffer; groups: string; region_code: string }[] = await manager.query(
      // Ordered by the column, not the text alias: keyset paging needs numeric order.
      'SELECT s.id::text AS id, s.id_number_sealed, s.groups::text AS groups, s.region_code FROM job_seeker s WHERE s.id > $1 ORDER BY s.id LIMIT $2',
      [after, batch],
    );
    if (rows.length === 0) {
      if (unreadable.length > 0 && unreadable.length === seekers) {
        throw new Error(`the PII key opens none of the ${seekers} sealed identity numbers: is PII_KEY the key they were sealed with?`);
      }
      if (unreadable.length > 0) log.warn('identity numbers that the PII key does not open were left as they are', { seekers: unreadable.slice(0, 100), count: unreadable.length });
      return { seekers, changed, unreadable: unreadable.length };
    }
    seekers += rows.length;
    after = rows[rows.length - 1].id;
    const add: typeof rows = [];
    const remove: typeof rows = [];
    for (const row of rows) {
      const idNumber = openIdNumber(keys, row.id_number_sealed);
      if (idNumber === null) {
        unreadable.push(row.id);
        continue;
      }
      const woman = isWomansIdNumber(idNumber);
      const hasGroup = pgArray(row.groups).includes(SeekerGroup.WOMEN);
      if (woman && !hasGroup) add.push(row);
      if (!woman && hasGroup) remove.push(row);
    }
    // Seats taken before keep the groups of their day, and the sex written in the number was the same then.
    const changes = [
      { rows: add, women: true, change: (column: string) => `array_append(${column}, 'WOMEN')` },
      { rows: remove, women: false, change: (column: string) => `array_remove(${column}, 'WOMEN')` },
    ];
    for (const { rows: affected, women, change } of changes) {
      if (affected.length === 0) continue;
      const ids = affected.map((r) => r.id);
      await manager.query(`UPDATE job_seeker SET groups = ${change('groups')}, version = version + 1, updated_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      await manager.query(`UPDATE enrollment SET trainee_groups = ${change('trainee_groups')} WHERE seeker_id = ANY($1::bigint[]) AND ('WOMEN' = ANY(trainee_groups)) <> $2`, [ids, women]);
    }
    const audited = [...add.map((r) => [r, 'added'] as const), ...remove.map((r) => [r, 'removed'] as const)];
    if (audited.length) {
      await manager.insert(
        AuditEntry,
        audited.map(([row, how]) => ({
          actor: 'system:data-upgrade',
          actorRole: 'SYSTEM',
          action: 'DERIVE_GROUPS',
          entityType: 'JobSeeker',
          entityId: row.id,
          regionCodes: [row.region_code.trim()],
          changes: { groups: { [how]: [SeekerGroup.WOMEN], basis: 'GB 11643 sex digit of the identity number' } },
          requestId: null,
        })),
      );
    }
    changed += audited.length;
  }
}

function openIdNumber(keys: PiiKeys, sealed: Buffer): string | null {
  try {
    return decryptPii(keys, sealed);
  } catch {
    return null;
  }
}

/** `{A,B}` → ['A', 'B'] for enum arrays, whose members never need quoting. */
const pgArray = (text: string) => (text === '{}' ? [] : text.slice(1, -1).split(','));
