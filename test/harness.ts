import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { inject } from 'vitest';
import { startPlatform, type Platform } from '../server/app';
import { Role, type TokenClaims } from '../server/auth';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';

export const TEST_AUTH_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: { requestId?: string; sqlQueries?: number };
}

/** A mutation payload's `userErrors` entry, as API.md defines it. */
export interface UserError {
  field: string[];
  code: string;
  message: string;
}

export interface TestPlatform {
  url: string;
  platform: Platform;
  databaseUrl: string;
  indexPrefix: string;
  logs: string[];
  /** A token for a role with the scope a test usually needs (ADMIN of Dalian 210200, …). */
  token(role: Role, claims?: Partial<TokenClaims>, expiresIn?: string | number): Promise<string>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: { role?: Role; token?: string; headers?: Record<string, string> }): Promise<GraphQLResult<T>>;
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** Resolves once every committed change is in Meilisearch (the outbox is empty). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_SCOPES: Record<Role, Partial<TokenClaims>> = {
  ADMIN: { region: '210200' },
  COUNSELLOR: { region: '210200' },
  ENTERPRISE: { enterprise: 'e-1' },
  PROVIDER: { provider: 'p-1' },
  AGENCY: { agency: 'dalian-hr-market', region: '210200' },
  SEEKER: { seeker: 's-1' },
};

/** A fresh database (and index prefix) on the run's shared services, so each file starts clean. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Environment for running the built CLI against a test platform's databases and index prefix. */
export function cliEnv(app: TestPlatform, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: app.databaseUrl,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    MEILI_INDEX_PREFIX: app.indexPrefix,
    AUTH_SECRET: TEST_AUTH_SECRET,
  };
}

/** Adds a colloquial name to an occupation as a bureau ADMIN would, and waits until search has it. */
export async function addOccupationAlias(app: TestPlatform, code: string, alias: string): Promise<void> {
  const current = await app.gql(`query($code: String!) { occupation(code: $code) { aliases } }`, { code });
  const set = await app.gql(
    `mutation($input: SetOccupationAliasesInput!) { setOccupationAliases(input: $input) { userErrors { field code message } } }`,
    { input: { code, aliases: [...current.data.occupation.aliases, alias] } },
    { role: Role.ADMIN },
  );
  if (set.errors || set.data.setOccupationAliases.userErrors.length > 0) throw new Error(`alias not set: ${JSON.stringify(set.errors ?? set.data.setOccupationAliases.userErrors)}`);
  await app.settle();
}

export async function startTestPlatform(options: { demoData?: boolean; env?: Record<string, string>; meiliUrl?: string; meiliKey?: string } = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'skills-data-'));
  const indexPrefix = `t${randomBytes(4).toString('hex')}_`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    MEILI_URL: options.meiliUrl ?? inject('meiliUrl'),
    MEILI_MASTER_KEY: options.meiliKey ?? inject('meiliKey'),
    MEILI_INDEX_PREFIX: indexPrefix,
    AUTH_SECRET: TEST_AUTH_SECRET,
    DEMO_DATA: String(options.demoData ?? true),
    ...options.env,
  });
  const logs: string[] = [];
  const log = createLogger('debug', {}, (line) => logs.push(line));
  const platform = await startPlatform(config, log);
  const url = `http://127.0.0.1:${platform.port}/graphql`;

  const token: TestPlatform['token'] = (role, claims = {}, expiresIn = '1h') =>
    platform.services.authenticator.sign({ subject: `test-${role.toLowerCase()}`, role, ...DEFAULT_SCOPES[role], ...claims }, expiresIn);

  const post: TestPlatform['post'] = async (body, headers = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json };
  };

  return {
    url,
    platform,
    databaseUrl: database.url,
    indexPrefix,
    logs,
    token,
    post,
    async gql(query, variables, as = {}) {
      const headers: Record<string, string> = { ...as.headers };
      const bearer = as.token ?? (as.role ? await token(as.role) : undefined);
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const { status, json } = await post(JSON.stringify({ query, variables }), headers);
      return { status, ...json };
    },
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ pending }] = await platform.infrastructure.dataSource.query('SELECT count(*)::int AS pending FROM search_outbox');
        if (pending === 0) return;
        if (Date.now() > deadline) throw new Error(`search index did not settle: ${pending} changes pending after ${timeoutMs} ms`);
        platform.worker?.wake();
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const search = platform.infrastructure.search;
      const { results } = await search.client.getIndexes({ limit: 1000 }).catch(() => ({ results: [] as { uid: string }[] }));
      await platform.stop();
      await Promise.all(results.filter((i) => i.uid.startsWith(indexPrefix)).map((i) => search.client.deleteIndex(i.uid).catch(() => undefined)));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP relay in front of Meilisearch that a test can switch off and on, as an outage would. */
export async function switchableRelay(target: string): Promise<{ url: string; down(): void; up(): void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const remote = connect(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(remote);
    client.pipe(remote).pipe(client);
    const drop = () => {
      client.destroy();
      remote.destroy();
      sockets.delete(client);
      sockets.delete(remote);
    };
    client.on('error', drop).on('close', drop);
    remote.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    down() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    up() {
      open = true;
    },
    close() {
      open = false;
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
