import type { DataSource } from 'typeorm';
import { ensureRegions } from '../domain/region/region.service';
import { SearchEngine } from '../search/engine';
import { derivePiiKeys, type PiiKeys } from '../domain/seeker/pii';
import { localSecrets, resolvePiiKey, type Config } from './config';
import { runDataUpgrades } from './data-upgrades';
import { createDataSource } from './db';
import { startEmbeddedMeilisearch, startEmbeddedPostgres, type EmbeddedService } from './embedded';
import type { Logger } from './logger';

/** The databases, embedded or external, as the API, the worker and the CLI all see them. */
export interface Infrastructure {
  databaseUrl: string;
  dataSource: DataSource;
  search: SearchEngine;
  close(): Promise<void>;
}

const MIGRATION_LOCK = 7_112_026;

export async function openInfrastructure(config: Config, log: Logger, options: { migrate?: boolean; poolSize?: number; applicationName?: string } = {}): Promise<Infrastructure> {
  const owned: EmbeddedService[] = [];
  const stopOwned = async () => {
    for (const service of owned.reverse()) await service.stop().catch((err) => log.error('stopping embedded service failed', { err }));
  };
  try {
    // allSettled: when one fails to start, the other must still be stopped.
    const started = await Promise.allSettled([
      config.databaseUrl ? undefined : startEmbeddedPostgres(config.dataDir, log),
      config.meiliUrl ? undefined : startEmbeddedMeilisearch(config.dataDir, localSecrets(config.dataDir).meiliMasterKey, log),
    ]);
    for (const result of started) if (result.status === 'fulfilled' && result.value) owned.push(result.value);
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [postgres, meili] = started.map((r) => (r as PromiseFulfilledResult<EmbeddedService | undefined>).value);
    const databaseUrl = config.databaseUrl ?? postgres!.url;
    const search = new SearchEngine({
      url: config.meiliUrl ?? meili!.url,
      apiKey: config.meiliUrl ? config.meiliMasterKey : localSecrets(config.dataDir).meiliMasterKey,
      indexPrefix: config.meiliIndexPrefix,
    });
    const dataSource = createDataSource(databaseUrl, log, options);
    await dataSource.initialize();
    if (options.migrate !== false) await migrate(dataSource, log, derivePiiKeys(resolvePiiKey(config)));
    return {
      databaseUrl,
      dataSource,
      search,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await stopOwned();
      },
    };
  } catch (err) {
    await stopOwned();
    throw err;
  }
}

/**
 * Runs pending migrations, then the data upgrades they queued, under an advisory lock, so instances
 * booting together migrate once. Returns the migrations applied.
 */
export async function migrate(dataSource: DataSource, log: Logger, piiKeys: PiiKeys): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log.info('migrations applied', { migrations: applied.map((m) => m.name) });
    await runDataUpgrades(dataSource, log, piiKeys);
    await ensureRegions(dataSource);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}
