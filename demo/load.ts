import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { importOccupations, readOccupationFiles } from '../domain/occupation/occupation-import';
import type { Logger } from '../server/logger';

const DEMO_ACTOR = { subject: 'system:demo', role: 'SYSTEM' };

/**
 * The project's own small data set: the occupations the demo scenarios use (Dalian's AI, care,
 * machining and logistics demand), with their aliases, in the same CSV layout as the national files.
 */
export async function loadDemoData(dataSource: DataSource, log: Logger, options: { onlyIfEmpty: boolean }): Promise<boolean> {
  if (options.onlyIfEmpty) {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM occupation');
    if (count > 0) return false;
  }
  const rows = readOccupationFiles(join(__dirname, 'occupations.csv'), join(__dirname, 'occupation_details.csv'));
  const result = await importOccupations(dataSource, rows, DEMO_ACTOR);
  log.info('demo data loaded', { occupations: result });
  return true;
}
