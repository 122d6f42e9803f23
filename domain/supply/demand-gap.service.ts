import type { DataSource, EntityManager } from 'typeorm';
import { regionAndAncestors } from '../../search/post-demands.index';
import { regionPrefix, type Principal } from '../../server/auth';
import { assertRegionInScope } from '../access/scope';
import { todayInChina } from '../demand/post-demand-rules';
import { catalogInForceSql, formatRatio, ratioHundredthsSql } from './shortage-rules';

/** Demand against supply for one occupation in a region and everything below it. */
export interface DemandGapRow {
  occupationCode: string;
  /** Headcount of OPEN post-demand lines still valid today. */
  openDemandHeadcount: number;
  /** `seekers + courseSeats`. */
  supply: number;
  seekers: number;
  /** Seats left in published courses starting today or later. */
  courseSeats: number;
  /** Demand / supply with two places, rounded half up; null without supply. */
  ratio: string | null;
  /** The entry of the catalog in force today for the region, when it lists the occupation. */
  entryId: string | null;
}

/**
 * Job seekers not in work who target each occupation in the subtree, as rows `(occupation_code,
 * seekers)`; the statement passes the region prefix as `$1`. Employed seekers looking to move up are
 * left out: they are not labour an enterprise can hire for an open line.
 */
function seekerSupplySql(): string {
  return `SELECT t.code AS occupation_code, count(*) AS seekers
            FROM job_seeker s CROSS JOIN LATERAL unnest(s.target_occupation_codes) AS t(code)
           WHERE s.region_code LIKE $1 AND s.employment_status <> 'EMPLOYED'
           GROUP BY t.code`;
}

/**
 * The gap for every occupation with open demand or supply in the region's subtree, in one
 * statement: no supply first (most wanted first), then the highest ratio, then by code.
 * `limit` null: every row.
 */
export async function computeDemandGap(manager: EntityManager, regionCode: string, today: string, limit: number | null): Promise<DemandGapRow[]> {
  const rows: { occupation_code: string; demand: number; seekers: number; seats: number; ratio: string | null; entry_id: string | null }[] = await manager.query(
    `WITH demand AS (
       SELECT occupation_code, sum(headcount) AS headcount FROM post_demand
        WHERE region_code LIKE $1 AND status = 'OPEN' AND valid_until >= $2::date
        GROUP BY occupation_code
     ), seekers AS (${seekerSupplySql()}),
     seats AS (
       SELECT occupation_code, sum(capacity - enrolled) AS seats FROM course
        WHERE region_code LIKE $1 AND status = 'PUBLISHED' AND starts_on >= $2::date
        GROUP BY occupation_code
     ), gap AS (
       SELECT occupation_code, coalesce(d.headcount, 0) AS demand, coalesce(k.seekers, 0) AS seekers, coalesce(s.seats, 0) AS seats
         FROM demand d FULL JOIN seekers k USING (occupation_code) FULL JOIN seats s USING (occupation_code)
     ), ratios AS (
       SELECT g.*, ${ratioHundredthsSql('g.demand', 'g.seekers + g.seats')} AS ratio FROM gap g
        WHERE g.demand > 0 OR g.seekers + g.seats > 0
     )
     SELECT r.occupation_code, r.demand::int AS demand, r.seekers::int AS seekers, r.seats::int AS seats, r.ratio::text AS ratio,
            e.id::text AS entry_id
       FROM ratios r
       LEFT JOIN shortage_catalog_entry e ON e.catalog_id = (${catalogInForceSql('$3', '$2::date')}) AND e.occupation_code = r.occupation_code
      ORDER BY r.ratio DESC NULLS FIRST, CASE WHEN r.ratio IS NULL THEN r.demand END DESC NULLS LAST, r.occupation_code
      LIMIT $4`,
    [`${regionPrefix(regionCode)}%`, today, regionAndAncestors(regionCode), limit],
  );
  return rows.map((r) => ({
    occupationCode: r.occupation_code,
    openDemandHeadcount: r.demand,
    supply: r.seekers + r.seats,
    seekers: r.seekers,
    courseSeats: r.seats,
    ratio: r.ratio === null ? null : formatRatio(BigInt(r.ratio)),
    entryId: r.entry_id,
  }));
}

export class DemandGapService {
  constructor(private readonly dataSource: DataSource) {}

  /** ADMIN or COUNSELLOR of a region covering `regionCode`. */
  gap(principal: Principal, regionCode: string, limit: number, today = todayInChina()): Promise<DemandGapRow[]> {
    assertRegionInScope(principal, regionCode, ['regionCode']);
    return computeDemandGap(this.dataSource.manager, regionCode, today, limit);
  }
}
