import type { EntityManager } from 'typeorm';
import { regionAndAncestors } from '../../search/post-demands.index';
import { formatYuan, parseYuan } from './money';
import { ShortageLevel } from './supply-enums';

/** The cap on a shortage uplift where no region sets one (000 §(六): "at most 10%"). */
export const DEFAULT_UPLIFT_CAP_PERCENT = '10.00';

/**
 * A ratio with two places is held like an amount in yuan: whole hundredths in a bigint, so
 * comparing it with a threshold is exact.
 */
export const parseRatio = parseYuan;
export const formatRatio = formatYuan;

/**
 * Demand over supply in hundredths, rounded half up, as SQL over two non-negative integer
 * expressions; NULL without supply. Integer division only: `floor((200·d + s) / 2s)`.
 */
export function ratioHundredthsSql(demand: string, supply: string): string {
  const d = `(${demand})::bigint`;
  const s = `(${supply})::bigint`;
  return `CASE WHEN ${s} > 0 THEN (200 * ${d} + ${s}) / (2 * ${s}) END`;
}

/**
 * The default level of a drafted entry, from its demand/supply ratio: no supply at all, or at
 * least three people wanted per place, is SEVERE (特别紧缺); at least two is SHORT (比较紧缺);
 * anything lower that still made the draft is MILD (一般紧缺). Staff may change it.
 */
export function levelFromRatio(ratioHundredths: bigint | null): ShortageLevel {
  if (ratioHundredths === null || ratioHundredths >= 300n) return ShortageLevel.SEVERE;
  if (ratioHundredths >= 200n) return ShortageLevel.SHORT;
  return ShortageLevel.MILD;
}

/**
 * SQL selecting the id of the catalog in force: the rule `shortageFor` in subsidy-facts.ts
 * applies to a course. Among the regions of the `chain` array parameter, nearest first, the first
 * with a published (or since superseded) catalog effective on `day`, and of that region's the one
 * with the latest `effectiveFrom`. `day` is any SQL date expression, so a statement can ask it
 * per row (a course's start date).
 */
export function catalogInForceSql(chain: string, day: string): string {
  return `SELECT c.id FROM shortage_catalog c
           WHERE c.region_code = ANY(${chain}::char(6)[]) AND c.status IN ('PUBLISHED', 'SUPERSEDED') AND c.effective_from <= ${day}
           ORDER BY array_position(${chain}::char(6)[], c.region_code), c.effective_from DESC, c.id DESC
           LIMIT 1`;
}

/** Id of the catalog in force for a region on a day, or undefined when none is. */
export async function catalogInForce(manager: EntityManager, regionCode: string, day: string): Promise<string | undefined> {
  const [row]: { id: string }[] = await manager.query(
    `SELECT f.id::text AS id FROM (${catalogInForceSql('$1', '$2::date')}) f`,
    [regionAndAncestors(regionCode), day],
  );
  return row?.id;
}

export interface UpliftCap {
  /** Percent with two places, e.g. `10.00`. */
  percent: string;
  /** The region whose policy sets it; null for the national default. */
  setBy: string | null;
}

/**
 * Serialises, per province, publishing a catalog and setting a policy until the transaction ends,
 * so a cap lowered at the same moment as a catalog is published cannot leave an uplift above its
 * cap. (A draft's entries are checked again when it is published.)
 */
export async function lockUpliftCaps(manager: EntityManager, regionCode: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('uplift-cap:' || $1))`, [regionCode.slice(0, 2)]);
}

/** The cap of the nearest region (itself, its city, its province) with a policy, else the default. */
export async function upliftCap(manager: EntityManager, regionCode: string): Promise<UpliftCap> {
  const chain = regionAndAncestors(regionCode);
  const [row]: { region_code: string; cap: string }[] = await manager.query(
    `SELECT region_code, max_shortage_uplift_percent::text AS cap FROM region_policy
      WHERE region_code = ANY($1::char(6)[]) ORDER BY array_position($1::char(6)[], region_code) LIMIT 1`,
    [chain],
  );
  return row ? { percent: row.cap, setBy: row.region_code.trim() } : { percent: DEFAULT_UPLIFT_CAP_PERCENT, setBy: null };
}
