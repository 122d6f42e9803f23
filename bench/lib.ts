import { parseArgs, type ParseArgsConfig } from 'node:util';
/**
 * Shared pieces of the benchmarks (`npm run bench -- <name>`): spawning the built server the way
 * `npm start` runs it, waiting for readiness, running the CLI beside it, finding the embedded
 * services it started, generated courses, bounded closed-loop load generators, latency statistics
 * and an RSS sampler. Every request goes to 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { freePort } from '../server/embedded';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { creditCodeCheckCharacter } from '../domain/enterprise/credit-code';
import { SKILL_LEVEL_TERMS } from '../domain/skills/skill-level';

/** The repository root, seen from `dist/bench`. */
export const REPO_ROOT = join(__dirname, '..', '..');
/** The reference data beside the repository (`../shared/data`). */
export const SHARED_DATA_DIR = join(__dirname, '..', '..', '..', 'shared', 'data');
export const SERVER_SCRIPT = join(REPO_ROOT, 'dist', 'server', 'main.js');
export const CLI_SCRIPT = join(REPO_ROOT, 'dist', 'cli', 'main.js');

/** Bad flags: printed as a message with the usage, no stack. */
export class UsageError extends Error {}

/**
 * A benchmark's flags, `--help` included; undefined when `--help` printed the usage instead. Bad
 * flags are a UsageError.
 */
export function benchOptions<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], usage: string, options: O) {
  const config = { args: argv, options: { ...options, help: { type: 'boolean', default: false } } };
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: 'boolean'; default: false } } }>>;
  try {
    parsed = parseArgs(config as { args: string[]; options: O & { help: { type: 'boolean'; default: false } } });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`Usage: npm run bench -- ${usage}\n`);
    return undefined;
  }
  return parsed.values;
}

/** A whole-number command-line option from 1 (or 0) up to `max`. */
export function positive(flag: string, raw: string | undefined, max: number, allowZero = false): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > max) throw new UsageError(`${flag} must be an integer from ${allowZero ? 0 : 1} to ${max}, got "${raw}"`);
  return n;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Progress lines go to stderr, figures to stdout. */
export function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

export { freePort };

/** Environment for a child that must use the embedded services under `dataDir`, whatever the caller's shell has set. */
export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'MEILI_INDEX_PREFIX', 'AUTH_SECRET', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'HOST', 'SEARCH_WORKER', 'LOG_LEVEL']) {
    delete env[name];
  }
  return { ...env, DATA_DIR: dataDir, ...extra };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpResponse {
  status: number;
  body: string;
}

/** A keep-alive agent for `clients` concurrent callers. */
export function keepAliveAgent(clients: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients, keepAliveMsecs: 1000 });
}

/** One HTTP request to 127.0.0.1 with a hard timeout; rejects on network errors, not on HTTP statuses. */
export function httpRequest(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; agent?: Agent; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') return Promise.reject(new Error(`benchmarks only talk to 127.0.0.1, not ${target.hostname}`));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await httpRequest(url, { body: JSON.stringify({ query, variables }), headers });
  let json: GraphQLResponse<T>;
  try {
    json = JSON.parse(res.body) as GraphQLResponse<T>;
  } catch {
    throw new Error(`GraphQL answered HTTP ${res.status} with a body that is not JSON: ${res.body.slice(0, 200)}`);
  }
  if (res.status !== 200 || json.errors?.length || !json.data) {
    throw new Error(`GraphQL answered HTTP ${res.status}: ${json.errors?.map((e) => e.message).join('; ') ?? res.body.slice(0, 200)}`);
  }
  return json.data;
}

// ---------------------------------------------------------------------------------------------
// Server and CLI processes

export interface ServerHandle {
  child: ChildProcess;
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  graphqlUrl: string;
  dataDir: string;
  logFile: string;
  /** Spawn to the first 200 from `/readyz`. */
  readyMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartServerOptions {
  dataDir: string;
  logFile: string;
  port?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Spawns `node --enable-source-maps dist/server/main.js` (what `npm start` runs after its build)
 * directly, so the child's pid is the server's, with its stdout and stderr appended to `logFile`,
 * and resolves when `/readyz` answers 200.
 */
export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFd = openSync(options.logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_SCRIPT], {
    cwd: REPO_ROOT,
    env: embeddedEnv(options.dataDir, { PORT: String(port), ...options.env }),
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  const handle: ServerHandle = {
    child,
    pid: child.pid ?? 0,
    port,
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    dataDir: options.dataDir,
    logFile: options.logFile,
    readyMs: 0,
    exited,
  };
  const deadline = started + (options.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (exitInfo) {
      throw new Error(`server exited before it was ready (code ${exitInfo.code}, signal ${exitInfo.signal}); last log lines:\n${tail(options.logFile, 15)}`);
    }
    const res = await Promise.race([httpRequest(`${baseUrl}/readyz`, { timeoutMs: 2000 }).catch(() => undefined), spawnError]);
    if (res?.status === 200) break;
    if (performance.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server not ready within ${options.readyTimeoutMs ?? 180_000} ms; last log lines:\n${tail(options.logFile, 15)}`);
    }
    await sleep(25);
  }
  handle.readyMs = performance.now() - started;
  return handle;
}

export interface StopResult {
  /** SIGTERM to exit. */
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the server ignored SIGTERM for `timeoutMs` and was killed. */
  forced: boolean;
}

export async function stopServer(server: ServerHandle, timeoutMs = 30_000): Promise<StopResult> {
  const started = performance.now();
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([server.exited, timedOut]);
  clearTimeout(timer);
  let forced = false;
  if (first === 'timeout') {
    forced = true;
    server.child.kill('SIGKILL');
  }
  const exit = await server.exited;
  return { ms: performance.now() - started, ...exit, forced };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node dist/cli/main.js <args>` against the embedded services under `dataDir`. */
export async function runCli(dataDir: string, args: string[], timeoutMs = 300_000): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', CLI_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: embeddedEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** A token from `npm run cli -- token` (it prints the token alone on its last line). */
export async function cliToken(dataDir: string, args: string[]): Promise<string> {
  const run = await runCli(dataDir, ['token', ...args]);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || line.split('.').length !== 3) throw new Error(`token command failed (exit ${run.code}): ${run.stderr || run.stdout}`);
  return line;
}

export function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** The server's JSON log lines (non-JSON lines, like the printed admin token, are skipped). */
export function readJsonLog(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  const entries: Record<string, unknown>[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line cut short by a kill; ignore
    }
  }
  return entries;
}

/**
 * The national classification's two CSV files in `dataOption` (default ../shared/data), checked to
 * exist together with the built server, so a benchmark fails before it boots anything.
 */
export function classificationFiles(dataOption: string | undefined): { occupationsCsv: string; detailsCsv: string } {
  const folder = resolve(dataOption ?? SHARED_DATA_DIR);
  const occupationsCsv = join(folder, 'occupations.csv');
  const detailsCsv = join(folder, 'occupation_details.csv');
  for (const file of [SERVER_SCRIPT, occupationsCsv, detailsCsv]) {
    if (!existsSync(file)) throw new UsageError(`${file} not found${file === SERVER_SCRIPT ? ' (run the build first)' : '; pass --data DIR'}`);
  }
  return { occupationsCsv, detailsCsv };
}

/** A fresh temporary DATA_DIR for one benchmark run, and the server log inside it. */
export function benchDataDir(name: string): { dataDir: string; logFile: string } {
  const dataDir = mkdtempSync(join(tmpdir(), `skills-bench-${name}-`));
  const logFile = join(dataDir, 'server.log');
  progress(`DATA_DIR ${dataDir}; server log ${logFile}`);
  return { dataDir, logFile };
}

/**
 * The end of a benchmark run, whatever happened: the server stopped, any embedded PostgreSQL or
 * Meilisearch it left for `dataDir` killed, and the folder removed unless asked to keep it.
 */
export async function endBenchRun(server: ServerHandle | undefined, dataDir: string, keep: boolean | undefined): Promise<void> {
  if (server) await stopServer(server).catch(() => undefined);
  const pids = embeddedPids(dataDir);
  for (const pid of [pids.postgres, pids.meilisearch]) if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  if (keep) progress(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Embedded services and /proc

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), comm, cmdline };
  } catch {
    return undefined; // gone meanwhile
  }
}

function allProcesses(): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) found.push(info);
  }
  return found;
}

/**
 * Live `postgres` and `meilisearch` processes belonging to `dataDir`: those whose command line
 * names it (the postmaster's `-D`, Meilisearch's `--db-path`) and all their descendants
 * (PostgreSQL's backends and background workers rename themselves and name no path).
 */
export function embeddedProcesses(dataDir: string): ProcInfo[] {
  const all = allProcesses().filter((p) => p.pid !== process.pid);
  const roots = all.filter((p) => p.cmdline.includes(dataDir) && /postgres|meilisearch/.test(`${p.comm} ${p.cmdline}`));
  const selected = new Map(roots.map((p) => [p.pid, p]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!selected.has(p.pid) && selected.has(p.ppid)) {
        selected.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...selected.values()].sort((a, b) => a.pid - b.pid);
}

/** Pids of the embedded services as their state files name them (undefined when not running). */
export function embeddedPids(dataDir: string): { postgres?: number; meilisearch?: number; meiliPort?: number } {
  const result: { postgres?: number; meilisearch?: number; meiliPort?: number } = {};
  try {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) result.postgres = pid;
  } catch {
    // not running
  }
  try {
    const state = JSON.parse(readFileSync(join(dataDir, 'meilisearch', 'server.json'), 'utf8')) as { pid: number; port: number };
    result.meilisearch = state.pid;
    result.meiliPort = state.port;
  } catch {
    // not running
  }
  return result;
}

/** Meilisearch's URL and master key for the embedded instance under `dataDir`. */
export function embeddedMeili(dataDir: string): { url: string; masterKey: string; pid: number } {
  const state = JSON.parse(readFileSync(join(dataDir, 'meilisearch', 'server.json'), 'utf8')) as { pid: number; port: number };
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { meiliMasterKey: string };
  return { url: `http://127.0.0.1:${state.port}`, masterKey: secrets.meiliMasterKey, pid: state.pid };
}

/** Resident set size of a process in KiB (VmRSS), or undefined once it is gone. */
export function readRssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU time of a process in milliseconds, or undefined once it is gone. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After `state` (index 0): utime is field 14 of stat, i.e. index 11 here; stime index 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine has spent busy (all cores; not idle, waiting for I/O or stolen by the hypervisor), in ms. */
export function readMachineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, ...ticks] = line.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq] = ticks.map(Number);
    return ((user + nice + system + irq + softirq) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export const mib = (kib: number) => kib / 1024;

export interface RssSummary {
  samples: number;
  peakMiB: number;
  avgMiB: number;
}

/** Samples a process's RSS at a fixed interval while running; start() and pause() may alternate. */
export class RssSampler {
  private readonly samples: number[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): this {
    if (this.timer) return this;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  pause(): this {
    if (!this.timer) return this;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this;
  }

  private sample(): void {
    const kib = readRssKiB(this.pid);
    if (kib !== undefined) this.samples.push(kib);
  }

  summary(): RssSummary {
    const n = this.samples.length;
    if (n === 0) return { samples: 0, peakMiB: NaN, avgMiB: NaN };
    return {
      samples: n,
      peakMiB: mib(Math.max(...this.samples)),
      avgMiB: mib(this.samples.reduce((a, b) => a + b, 0) / n),
    };
  }
}

/** CPU time (ms) used by named groups of processes, this process and the whole machine over a wall-clock span. */
export interface CpuUsage {
  wallMs: number;
  groups: Record<string, number>;
  self: number;
  machine: number;
}

/**
 * Starts measuring CPU of the given process groups; stop() gives the usage since. Processes that
 * end meanwhile are left out (their last figures are gone).
 */
export function cpuMeter(groups: Record<string, number[]>): { stop(): CpuUsage } {
  const started = performance.now();
  const before = new Map<number, number | undefined>();
  for (const pids of Object.values(groups)) for (const pid of pids) before.set(pid, readCpuMs(pid));
  const own = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const selfBefore = own();
  const machineBefore = readMachineBusyMs();
  return {
    stop: () => {
      const used: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        used[name] = pids.reduce((total, pid) => {
          const then = before.get(pid);
          const now = readCpuMs(pid);
          return then === undefined || now === undefined ? total : total + (now - then);
        }, 0);
      }
      const machineNow = readMachineBusyMs();
      return {
        wallMs: performance.now() - started,
        groups: used,
        self: own() - selfBefore,
        machine: machineNow === undefined || machineBefore === undefined ? NaN : machineNow - machineBefore,
      };
    },
  };
}

export function addCpu(a: CpuUsage | undefined, b: CpuUsage): CpuUsage {
  if (!a) return b;
  const groups: Record<string, number> = { ...a.groups };
  for (const [name, ms] of Object.entries(b.groups)) groups[name] = (groups[name] ?? 0) + ms;
  return { wallMs: a.wallMs + b.wallMs, groups, self: a.self + b.self, machine: a.machine + b.machine };
}

/** Usage as % of one core: each group, `self`, and `other` (the machine minus all of those). */
export function cpuPercent(usage: CpuUsage): Record<string, number> & { self: number; other: number } {
  const pct = (ms: number) => (ms / usage.wallMs) * 100;
  const out: Record<string, number> = {};
  let ours = usage.self;
  for (const [name, ms] of Object.entries(usage.groups)) {
    out[name] = pct(ms);
    ours += ms;
  }
  return { ...out, self: pct(usage.self), other: Math.max(0, pct(usage.machine - ours)) };
}

/** CPU milliseconds per request of the server, Meilisearch, PostgreSQL and this load generator, formatted. */
export function cpuPerRequest(usage: CpuUsage, requests: number): string[] {
  return [usage.groups.server, usage.groups.meilisearch, usage.groups.postgres, usage.self].map((ms) => fmt(ms / Math.max(1, requests), 2));
}

// ---------------------------------------------------------------------------------------------
// Load generation and statistics

export interface LoadOptions<T> {
  /** Concurrent clients, each with one request in flight (closed loop). */
  clients: number;
  durationMs: number;
  /** Each client walks this list from its own starting point, wrapping around. */
  inputs: readonly T[];
  /** One request; throws (or rejects) when the answer counts as an error. */
  send(input: T): Promise<void>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  /** Latencies of the successful requests, ascending, in ms. */
  latencies: Float64Array;
  firstErrors: string[];
}

/** Runs `clients` loops until `durationMs` has passed; bounded by the deadline, never by the server. */
export async function runLoad<T>(options: LoadOptions<T>): Promise<LoadResult> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const n = options.inputs.length;
  const client = async (index: number) => {
    let i = Math.floor((index * n) / options.clients);
    while (performance.now() < deadline) {
      const input = options.inputs[i++ % n];
      const t0 = performance.now();
      try {
        await options.send(input);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  const elapsedMs = performance.now() - started;
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length + errors, errors, elapsedMs, latencies: sorted, firstErrors };
}

/**
 * Sends every input exactly once from `clients` closed-loop clients, each taking the next input
 * when it is free: two sides given the same list send the same requests, however fast either is.
 */
export async function runQueue<T>(options: { clients: number; inputs: readonly T[]; send(input: T): Promise<void> }): Promise<LoadResult> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < options.inputs.length) {
      const input = options.inputs[next++];
      const t0 = performance.now();
      try {
        await options.send(input);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = performance.now() - started;
  return { requests: latencies.length + errors, errors, elapsedMs, latencies: Float64Array.from(latencies).sort(), firstErrors };
}

/** Several runs of the same load (e.g. slices alternating with another side) as one. */
export function mergeLoads(results: LoadResult[]): LoadResult {
  const all: number[] = [];
  for (const r of results) for (const v of r.latencies) all.push(v);
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    elapsedMs: results.reduce((n, r) => n + r.elapsedMs, 0),
    latencies: Float64Array.from(all).sort(),
    firstErrors: results.flatMap((r) => r.firstErrors).slice(0, 5),
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LoadSummary {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(result: LoadResult): LoadSummary {
  return {
    requests: result.requests,
    errors: result.errors,
    rps: result.requests / (result.elapsedMs / 1000),
    p50: percentile(result.latencies, 50),
    p95: percentile(result.latencies, 95),
    p99: percentile(result.latencies, 99),
    max: result.latencies.length ? result.latencies[result.latencies.length - 1] : NaN,
  };
}

// ---------------------------------------------------------------------------------------------
// Generated data, written straight to PostgreSQL

/** `postgres://…` of the embedded PostgreSQL the server started for `dataDir` (its port is in postmaster.pid). */
export function embeddedPostgresUrl(dataDir: string): string {
  const port = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
  return `postgres://postgres:postgres@127.0.0.1:${port}/skills`;
}

const COURSE_LEVELS = ['JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN'] as const;
const COURSE_TYPES = ['EMPLOYMENT_SKILLS', 'SKILL_UPGRADING', 'MAJOR_CONVERSION', 'EMPLOYMENT_SKILLS', 'NEW_APPRENTICESHIP', 'LABOR_PREPARATION'];
const COURSE_MODES = ['ONSITE', 'ONSITE', 'BLENDED', 'ONLINE'];

export interface GeneratedCourses {
  ms: number;
  providers: number;
  admitted: number;
}

/**
 * Providers (9 in 10 admitted for 2026–2028) and `total` published courses starting between
 * December 2026 and the end of 2027, over the occupations and the providers' districts.
 * `eligibleGroups(i)` restricts course `i` to those groups; by default every course is open to all.
 */
export async function generateCourses(
  pg: Client,
  total: number,
  occupations: { code: string; name: string }[],
  districts: string[],
  eligibleGroups: (i: number) => readonly string[] = () => [],
): Promise<GeneratedCourses> {
  const started = performance.now();
  const providers = Math.max(10, Math.round(total / 100));
  const codes: string[] = [];
  const names: string[] = [];
  const regions: string[] = [];
  for (let i = 0; i < providers; i++) {
    const body = `52210000M${String(i).padStart(8, '0')}`;
    codes.push(body + creditCodeCheckCharacter(body));
    names.push(`辽宁第${i + 1}职业技能培训学校`);
    regions.push(districts[i % districts.length]);
  }
  const ids: string[] = (
    await pg.query(
      `INSERT INTO provider (credit_code, name, type, region_code, version)
       SELECT c, n, 'PRIVATE_TRAINING_INSTITUTION', r, 1 FROM unnest($1::char(18)[], $2::text[], $3::char(6)[]) AS t(c, n, r) RETURNING id::text`,
      [codes, names, regions],
    )
  ).rows.map((r) => r.id);
  const admittedIds = ids.filter((_, i) => i % 10 !== 0);
  await pg.query(
    `INSERT INTO provider_admission (provider_id, admitted_from, admitted_until) SELECT unnest($1::bigint[]), '2026-01-01', '2028-12-31'`,
    [admittedIds],
  );
  const chunk = 10_000;
  for (let from = 0; from < total; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, total - from) }, (_, k) => {
      const i = from + k;
      const occupation = occupations[(i * 7919) % occupations.length];
      const level = COURSE_LEVELS[i % COURSE_LEVELS.length];
      const start = new Date(Date.UTC(2026, 11, 1) + ((i * 37) % 395) * 86_400_000);
      const end = new Date(start.getTime() + (10 + (i % 50)) * 86_400_000);
      const providerIndex = i % ids.length;
      return {
        provider: ids[providerIndex],
        title: `${occupation.name}（${SKILL_LEVEL_TERMS[level]}）培训班第${(i % 12) + 1}期`,
        occupation: occupation.code,
        level,
        type: COURSE_TYPES[i % COURSE_TYPES.length],
        mode: COURSE_MODES[i % COURSE_MODES.length],
        hours: 40 + (i % 10) * 8,
        startsOn: start.toISOString().slice(0, 10),
        endsOn: end.toISOString().slice(0, 10),
        region: regions[providerIndex],
        capacity: 20 + (i % 41),
        fee: `${800 + (i % 30) * 100}.00`,
        description: `面向有意从事${occupation.name}的人员，讲授${occupation.name}岗位所需理论知识与实操技能，结业可参加职业技能等级认定。`,
        // An array literal per row: unnest would flatten an array of arrays.
        groups: `{${eligibleGroups(i).join(',')}}`,
      };
    });
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    await pg.query(
      `INSERT INTO course (provider_id, title, occupation_code, skill_level, training_type, mode, hours, starts_on, ends_on, region_code,
                           capacity, fee, description, eligible_groups, status, published_at, version)
       SELECT p, ti, o, l, ty, m, h, s, e, r, c, f, d, g::seeker_group[], 'PUBLISHED', now(), 1
         FROM unnest($1::bigint[], $2::text[], $3::varchar[], $4::skill_level[], $5::training_type[], $6::course_mode[], $7::int[], $8::date[],
                     $9::date[], $10::char(6)[], $11::int[], $12::numeric[], $13::text[], $14::text[]) AS t(p, ti, o, l, ty, m, h, s, e, r, c, f, d, g)`,
      [col('provider'), col('title'), col('occupation'), col('level'), col('type'), col('mode'), col('hours'), col('startsOn'), col('endsOn'), col('region'), col('capacity'), col('fee'), col('description'), col('groups')],
    );
  }
  await pg.query('ANALYZE course');
  return { ms: performance.now() - started, providers: ids.length, admitted: admittedIds.length };
}

/** Resolves once the search outbox is empty, i.e. the worker has pushed every queued change to Meilisearch. */
export async function waitForIdleOutbox(pg: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [{ n }] = (await pg.query(`SELECT count(*)::int AS n FROM search_outbox`)).rows;
    if (n === 0) return;
    await sleep(100);
  }
  throw new Error('the search outbox did not drain');
}

// ---------------------------------------------------------------------------------------------
// Output

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
export const fmtInt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');
export const fmtSeconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

/** A table padded for the console (columns right-aligned except the first). */
export function consoleTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const sep = header.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}
