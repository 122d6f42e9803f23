import type { DataSource } from 'typeorm';
import { Role, regionPrefix, type Principal } from '../../server/auth';
import { DomainError } from '../../server/errors';
import { PostDemandChangeKind } from './post-demand-change.entity';

/** One entry of the change feed, with the cursor that resumes right after it. */
export interface ChangeFeedEntry {
  cursor: string;
  id: string;
  txid: string;
  kind: PostDemandChangeKind;
  at: Date;
  source: string | null;
  postDemandId: string;
  externalId: string | null;
}

export interface ChangeFeedPage {
  entries: ChangeFeedEntry[];
  hasNextPage: boolean;
  /** The last entry's cursor; the cursor given when the page is empty (poll again with it). */
  endCursor: string | null;
}

const CURSOR = /^pdc:(\d{1,19}):(\d{1,19})$/;

export function encodeChangeCursor(txid: string, id: string): string {
  return Buffer.from(`pdc:${txid}:${id}`, 'utf8').toString('base64url');
}

/** `(txid, id)` of a cursor this feed gave out, or undefined for anything else. */
export function decodeChangeCursor(cursor: string): { txid: string; id: string } | undefined {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeChangeCursor(match[1], match[2]) !== cursor) return undefined;
  return { txid: match[1], id: match[2] };
}

/**
 * Reads `post_demand_change` in commit order. Only changes of transactions below the oldest one
 * still running are shown (`txid < xmin` of the current snapshot: all of them have ended), and
 * pages follow `(txid, id)`; so a change committed late by a transaction that began early is
 * shown after the changes before it, never skipped by a cursor handed out meanwhile.
 */
export class ChangeFeedService {
  constructor(private readonly dataSource: DataSource) {}

  async page(principal: Principal, after: string | undefined, first: number): Promise<ChangeFeedPage> {
    const position = after ? decodeChangeCursor(after) : { txid: '0', id: '0' };
    if (!position) throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this feed gave out', ['after']);
    const params: unknown[] = [position.txid, position.id, first + 1];
    let scope: string;
    if (principal.role === Role.AGENCY) {
      if (!principal.agency) throw new DomainError('FORBIDDEN', 'your credentials name no agency source');
      params.push(principal.agency);
      scope = `c.source = $${params.length}`;
    } else if (principal.role === Role.ADMIN) {
      if (!principal.regionCode) throw new DomainError('FORBIDDEN', 'your credentials name no region');
      params.push(`${regionPrefix(principal.regionCode)}%`);
      scope = `p.region_code LIKE $${params.length}`;
    } else {
      throw new DomainError('FORBIDDEN', `${principal.role} may not read the change feed`);
    }
    const rows: { id: string; txid: string; kind: PostDemandChangeKind; at: Date; source: string | null; post_demand_id: string; external_id: string | null }[] =
      await this.dataSource.query(
        `SELECT c.id, c.txid, c.kind, c.at, c.source, c.post_demand_id, p.external_id
           FROM post_demand_change c
           LEFT JOIN post_demand p ON p.id = c.post_demand_id
          WHERE c.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
            AND (c.txid, c.id) > ($1::bigint, $2::bigint)
            AND ${scope}
          ORDER BY c.txid, c.id
          LIMIT $3`,
        params,
      );
    const entries = rows.slice(0, first).map((r) => ({
      cursor: encodeChangeCursor(String(r.txid), String(r.id)),
      id: String(r.id),
      txid: String(r.txid),
      kind: r.kind,
      at: r.at,
      source: r.source,
      postDemandId: String(r.post_demand_id),
      externalId: r.external_id,
    }));
    return { entries, hasNextPage: rows.length > first, endCursor: entries.at(-1)?.cursor ?? after ?? null };
  }
}
