import type { DataSource, EntityManager } from 'typeorm';
import { EntityRows } from '../../server/entity-rows';
import { preparedQuery } from '../../server/prepared';
import { requestStore } from '../../server/request-store';
import { Occupation } from '../occupation/occupation.entity';
import { Region } from '../region/region.entity';

/** Far more than the classification (about 1,600) and the division list (about 3,200) hold together. */
const HELD_ROWS_LIMIT = 100_000;

/** For a statement's SELECT list: the version `ReferenceRows.pick` compares with the copy it holds. */
export const REFERENCE_VERSION_COLUMN = `(SELECT version::text FROM reference_rows_version) AS reference_version`;

export interface ReferenceRowsOfPage {
  occupations: Occupation[];
  regions: Region[];
}

interface Held {
  version: string;
  occupations: Map<string, Occupation>;
  regions: Map<string, Region>;
}

/**
 * Occupations and regions, held per API process: every course page shows them beside its courses,
 * and joining them (occupation texts are most of a page's bytes) cost a page read half its CPU.
 * They change only by import or by an administrator, and triggers then replace
 * `reference_rows_version`. The statement that reads a page returns that version; while it is the
 * held copy's, the page takes its rows from memory, so they are never older than the statement that
 * read the courses, on any instance. Otherwise the page reads its own rows and the copy is reloaded
 * in the background, once at a time, outside any transaction (only committed rows are kept).
 * Held entities are frozen: requests share them.
 */
export class ReferenceRows {
  private static readonly byDataSource = new WeakMap<DataSource, ReferenceRows>();
  private held?: Held;
  private reloading?: Promise<void>;
  /** The version at which the lists were too long to hold: no reload until it changes. */
  private tooLongAt?: string;
  /** Occupation and region rows beyond which no copy is held and every page reads its own. */
  heldRowsLimit = HELD_ROWS_LIMIT;
  private readonly occupationRows: EntityRows<Occupation>;
  private readonly regionRows: EntityRows<Region>;

  private constructor(private readonly dataSource: DataSource) {
    this.occupationRows = new EntityRows(dataSource, Occupation, 'o');
    this.regionRows = new EntityRows(dataSource, Region, 'r');
  }

  static of(dataSource: DataSource): ReferenceRows {
    let rows = ReferenceRows.byDataSource.get(dataSource);
    if (!rows) ReferenceRows.byDataSource.set(dataSource, (rows = new ReferenceRows(dataSource)));
    return rows;
  }

  get heldVersion(): string | undefined {
    return this.held?.version;
  }

  /** The occupations and regions of these codes as of `version`, the one the caller's statement read. */
  async pick(manager: EntityManager, version: string, occupationCodes: Iterable<string>, regionCodes: Iterable<string>): Promise<ReferenceRowsOfPage> {
    const occupations = [...new Set(occupationCodes)];
    const regions = [...new Set(regionCodes)];
    const held = this.held;
    if (held?.version === version) {
      return {
        occupations: occupations.map((code) => held.occupations.get(code)).filter((o): o is Occupation => o !== undefined),
        regions: regions.map((code) => held.regions.get(code)).filter((r): r is Region => r !== undefined),
      };
    }
    if (this.tooLongAt !== version) void this.reload();
    const occupationRows = await preparedQuery<Record<string, unknown>>(
      manager,
      'reference-occupations',
      `SELECT ${this.occupationRows.select} FROM occupation o WHERE o.code = ANY($1::text[])`,
      [occupations],
    );
    const regionRows = await preparedQuery<Record<string, unknown>>(manager, 'reference-regions', `SELECT ${this.regionRows.select} FROM region r WHERE r.code = ANY($1::character(6)[])`, [regions]);
    return {
      occupations: occupationRows.map((row) => this.occupationRows.from(row)!),
      regions: regionRows.map((row) => this.regionRows.from(row)!),
    };
  }

  /** Reads both lists afresh, with their version in the same snapshot; not counted against the request that noticed. */
  reload(): Promise<void> {
    this.reloading ??= requestStore.exit(async () => {
      try {
        this.held = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
          const [{ version, count }] = await manager.query(
            `SELECT (SELECT version::text FROM reference_rows_version) AS version, (SELECT count(*) FROM occupation) + (SELECT count(*) FROM region) AS count`,
          );
          if (Number(count) > this.heldRowsLimit) {
            this.tooLongAt = version;
            return undefined;
          }
          const occupations = new Map<string, Occupation>();
          for (const row of await manager.query(`SELECT ${this.occupationRows.select} FROM occupation o`)) {
            const occupation = this.occupationRows.from(row)!;
            Object.freeze(occupation.aliases);
            occupations.set(occupation.code, Object.freeze(occupation));
          }
          const regions = new Map<string, Region>();
          for (const row of await manager.query(`SELECT ${this.regionRows.select} FROM region r`)) {
            const region = this.regionRows.from(row)!;
            regions.set(region.code, Object.freeze(region));
          }
          return { version, occupations, regions };
        });
      } catch {
        // Pages read their own rows meanwhile; the next page that finds no current copy asks again.
      } finally {
        this.reloading = undefined;
      }
    });
    return this.reloading;
  }
}
