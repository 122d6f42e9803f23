import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { cliEnv, startTestPlatform, type TestPlatform } from './harness';

const CLI = join(__dirname, '..', 'dist', 'cli', 'main.js');
const DATA = join(__dirname, '..', '..', 'shared', 'data');
const OCCUPATIONS_CSV = join(DATA, 'occupations.csv');
const DETAILS_CSV = join(DATA, 'occupation_details.csv');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as an operator would in a second terminal: its own process, only the given environment. */
function cli(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** PIDs and command lines of processes whose command line mentions `needle`. */
function processesMentioning(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ME = `{ me { role regionCode } }`;
const SEARCH = `query($q: String) { occupations(query: $q, first: 3) { nodes { code name } } }`;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it in pretest)`);
});

describe('an operator at a second terminal, against the configured database and search', () => {
  let app: TestPlatform;
  let tmp: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false });
    tmp = mkdtempSync(join(tmpdir(), 'cli-external-'));
    env = cliEnv(app, join(tmp, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const occupationCount = async () => {
    const [{ n }] = await app.platform.infrastructure.dataSource.query('SELECT count(*)::int AS n FROM occupation');
    return n as number;
  };

  it('rejects a file with a missing name: exit code 2, the file and line on stderr, nothing imported', async () => {
    const lines = readFileSync(OCCUPATIONS_CSV, 'utf8').split('\n');
    const index = lines.findIndex((l) => l.startsWith('4-10-01-05,'));
    lines[index] = lines[index].replace(',养老护理员,', ',,');
    const bad = join(tmp, 'occupations-bad.csv');
    writeFileSync(bad, lines.join('\n'));

    const run = await cli(['import', 'occupations', bad, '--details', DETAILS_CSV], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('import rejected, nothing written');
    expect(run.stderr).toContain(`${bad}:${index + 1} [name] name is missing`);
    expect(run.stdout).not.toMatch(/created/);
    expect(await occupationCount()).toBe(0);
  });

  it('imports the national files, prints the counts, and the running API finds them once search settles', async () => {
    const first = await cli(['import', 'occupations', OCCUPATIONS_CSV, '--details', DETAILS_CSV], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^occupations: 1645 rows, 1645 created, 0 updated, 0 unchanged \(\d+ ms\)$/m);
    expect(await occupationCount()).toBe(1645);

    const again = await cli(['import', 'occupations', OCCUPATIONS_CSV, '--details', DETAILS_CSV], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^occupations: 1645 rows, 0 created, 0 updated, 1645 unchanged/m);

    await app.settle(60_000);
    const res = await app.gql(SEARCH, { q: '数标员' });
    expect(res.errors).toBeUndefined();
    expect(res.data.occupations.nodes[0]).toEqual({ code: '4-04-05-05', name: '人工智能训练师' });
  });

  it('prints a token (alone on the last line) that the running API accepts', async () => {
    const run = await cli(['token', '--role', 'ADMIN', '--region', '210200'], env);
    expect(run.code, run.stderr).toBe(0);
    const token = lastLine(run.stdout);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await app.gql(ME, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ role: 'ADMIN', regionCode: '210200' });

    // A token signed with another secret is refused, so the check above means something.
    const stranger = await cli(['token', '--role', 'ADMIN', '--region', '210200'], { ...env, AUTH_SECRET: 'another-secret-that-is-at-least-32-characters' });
    const refused = await app.gql(ME, {}, { token: lastLine(stranger.stdout) });
    expect(refused.data?.me ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown role with exit code 2 and names the valid ones', async () => {
    const run = await cli(['token', '--role', 'KING'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role must be one of .*ADMIN/);
    expect(run.stdout).toBe('');
  });
});

describe('an operator at a second terminal, beside a running `npm start` on embedded services', () => {
  let tmp: string;
  let platform: Platform | undefined;
  const logs: string[] = [];
  let gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;

  /** Same as the harness's settle, for the embedded platform: waits for its worker to empty the outbox. */
  const settle = async (timeoutMs = 60_000) => {
    await waitUntil(
      async () => {
        const [{ pending }] = await platform!.infrastructure.dataSource.query('SELECT count(*)::int AS pending FROM search_outbox');
        platform!.worker?.wake();
        return pending === 0;
      },
      timeoutMs,
      'the search outbox did not empty',
    );
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cli-embedded-'));
    const log = createLogger('warn', {}, (line) => logs.push(line));
    platform = await startPlatform(loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: tmp, DEMO_DATA: 'true' }), log);
    const url = `http://127.0.0.1:${platform.port}/graphql`;
    gql = async (query, variables = {}, token) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    };
    await settle();
  });

  afterAll(async () => {
    try {
      await platform?.stop();
      // Nothing this file started may outlive it: no postmaster, no Meilisearch for this data folder.
      await waitUntil(() => processesMentioning(`${tmp}/`).length === 0, 15_000, 'processes for this data folder still running').catch((err: Error) => {
        const leaked = processesMentioning(`${tmp}/`);
        // Fail, but do not leave them behind for the next run: they are this file's own (its data folder is unique).
        for (const line of leaked) {
          const pid = Number(line.trim().split(/\s+/)[0]);
          if (Number.isInteger(pid) && pid > 0) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }
        throw new Error(`${err.message}: ${leaked.join('; ')}`);
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('runs on PostgreSQL and Meilisearch it started itself under DATA_DIR', () => {
    const running = processesMentioning(`${tmp}/`);
    expect(running.some((p) => /postgres/.test(p)), running.join('\n')).toBe(true);
    expect(running.some((p) => /meilisearch/.test(p)), running.join('\n')).toBe(true);
  });

  it('imports through the CLI into the running services, visible through the running API', async () => {
    const before = processesMentioning(`${tmp}/`);
    const notYet = await gql(SEARCH, { q: '护工' });
    expect(notYet.data.occupations.nodes.map((n: { code: string }) => n.code)).not.toContain('4-14-01-02');

    const run = await cli(['import', 'occupations', OCCUPATIONS_CSV, '--details', DETAILS_CSV], { DATA_DIR: tmp });
    expect(run.code, run.stderr).toBe(0);
    const counts = run.stdout.match(/occupations: 1645 rows, (\d+) created, (\d+) updated, (\d+) unchanged/);
    expect(counts, run.stdout).not.toBeNull();
    const [created, updated, unchanged] = counts!.slice(1).map(Number);
    expect(created + updated + unchanged).toBe(1645);
    expect(created).toBeGreaterThan(1500); // the demo set holds a few dozen of them already

    // The CLI reused the running services and stopped nothing on its way out.
    expect(processesMentioning(`${tmp}/`)).toEqual(before);

    await settle();
    const total = await gql(`{ occupations(filter: { includeMajorGroups: true }) { totalCount } }`);
    expect(total.data.occupations.totalCount).toBe(1645);
    const found = await gql(SEARCH, { q: '护工' });
    expect(found.data.occupations.nodes[0]).toEqual({ code: '4-14-01-02', name: '医疗护理员' });
  });

  it('prints a token the running API accepts, signed with the secret kept in DATA_DIR', async () => {
    const run = await cli(['token', '--role', 'ADMIN', '--region', '210200'], { DATA_DIR: tmp });
    expect(run.code, run.stderr).toBe(0);
    const res = await gql(ME, {}, lastLine(run.stdout));
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ role: 'ADMIN', regionCode: '210200' });
  });

  it('rebuilds the live index with `reindex occupations`, repairing a document lost from search', async () => {
    const search = platform!.infrastructure.search;
    await search.settle(search.index('occupations').deleteDocument('4-14-01-02'));
    const lost = await gql(SEARCH, { q: '护工' });
    expect(lost.data.occupations.nodes.map((n: { code: string }) => n.code)).not.toContain('4-14-01-02');

    const run = await cli(['reindex', 'occupations'], { DATA_DIR: tmp });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^occupations: 1645 documents rebuilt and swapped in/m);

    const repaired = await gql(SEARCH, { q: '护工' });
    expect(repaired.data.occupations.nodes[0]).toEqual({ code: '4-14-01-02', name: '医疗护理员' });
    const first = await gql(SEARCH, { q: '数标员' });
    expect(first.data.occupations.nodes[0].code).toBe('4-04-05-05');
  });

  it('runs `migrate` against the running database, saying (at LOG_LEVEL=info) that it reused both services', async () => {
    const run = await cli(['migrate'], { DATA_DIR: tmp, LOG_LEVEL: 'info' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('migrations are up to date');
    expect(run.stdout).toContain('using embedded PostgreSQL already running for this data folder');
    expect(run.stdout).toContain('using embedded Meilisearch already running for this data folder');
    expect(run.stdout).not.toContain('embedded PostgreSQL started');
    expect(run.stdout).not.toContain('embedded Meilisearch started');
  });
});
