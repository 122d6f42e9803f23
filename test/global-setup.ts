import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedMeilisearch, startEmbeddedPostgres } from '../server/embedded';
import { createLogger } from '../server/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    meiliUrl: string;
    meiliKey: string;
  }
}

/**
 * One real PostgreSQL and one real Meilisearch for the whole run, started from the npm packages.
 * Each test file gets its own database and its own index prefix, so files run side by side.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'skills-test-'));
  const log = createLogger('warn');
  const meiliKey = 'test-master-key-0123456789abcdef';
  const [postgres, meili] = await Promise.all([startEmbeddedPostgres(dir, log), startEmbeddedMeilisearch(dir, meiliKey, log)]);
  project.provide('postgresUrl', postgres.url);
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meiliKey);
  return async () => {
    await Promise.all([meili.stop(), postgres.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
}
