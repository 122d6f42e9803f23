import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { importOccupations, readOccupationFiles } from '../domain/occupation/occupation-import';
import type { Logger } from '../server/logger';
import { loadDemandDemo } from './demand';
import { loadIndicatorDemo } from './indicators';
import { loadShortageDemo } from './shortage';
import { loadSubsidyDemo } from './subsidy';
import { loadSupplyDemo } from './supply';

const DEMO_ACTOR = { subject: 'system:demo', role: 'SYSTEM' };

/**
 * The project's own small data set: the occupations the demo scenarios use (Dalian's AI, care,
 * machining and logistics demand), with their aliases, in the same CSV layout as the national files;
 * Dalian's industrial clusters, a few enterprises and a skill-ecosystem chain. Each part is loaded
 * when its table is empty.
 */
export async function loadDemoData(dataSource: DataSource, log: Logger, options: { onlyIfEmpty: boolean }): Promise<boolean> {
  const [{ occupations, enterprises }] = await dataSource.query(
    'SELECT (SELECT count(*)::int FROM occupation) AS occupations, (SELECT count(*)::int FROM enterprise) AS enterprises',
  );
  if (options.onlyIfEmpty && occupations > 0 && enterprises > 0) return false;
  if (!options.onlyIfEmpty || occupations === 0) {
    const rows = readOccupationFiles(join(__dirname, 'occupations.csv'), join(__dirname, 'occupation_details.csv'));
    log.info('demo occupations loaded', { occupations: await importOccupations(dataSource, rows, DEMO_ACTOR) });
  }
  if (enterprises === 0) {
    await loadDemandDemo(dataSource, DEMO_ACTOR);
    log.info('demo enterprises, clusters, post demand and skill chain loaded');
    await loadSupplyDemo(dataSource, DEMO_ACTOR);
    await loadSubsidyDemo(dataSource, DEMO_ACTOR);
    await loadShortageDemo(dataSource, DEMO_ACTOR);
    await loadIndicatorDemo(dataSource, DEMO_ACTOR);
    log.info('demo providers, courses, subsidy standards, shortage catalog and training targets loaded');
  }
  return true;
}
