import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadDemoData } from '../demo/load';
import { ApiKey } from '../domain/access/api-key.entity';
import { auditSubject, cliActor, recordAudit } from '../domain/audit/audit';
import { CsvFileError, importPostDemandCsv } from '../domain/demand/post-demand-csv';
import { PostDemandSyncService, SOURCE_NAME } from '../domain/demand/post-demand-sync';
import { importOccupations, ImportRejected, readOccupationFiles } from '../domain/occupation/occupation-import';
import { REGION_CODE } from '../domain/region/region.entity';
import { rebuildIndex } from '../search/rebuild';
import { findSearchIndex, searchIndexes } from '../search/registry';
import { SearchSyncWorker } from '../search/worker';
import { generateApiKey, Role, signToken } from '../server/auth';
import { ConfigError, loadConfig, resolveAuthSecret } from '../server/config';
import { openInfrastructure } from '../server/infrastructure';
import { createLogger } from '../server/logger';

const USAGE = `Usage: npm run cli -- <command>

  migrate                                   apply pending migrations (and load the region list)
  token --role ROLE [--region CODE] [--enterprise ID] [--provider ID] [--agency NAME] [--seeker ID]
        [--subject NAME] [--expires 12h]    print a signed token (last line)
  api-key --agency NAME --region CODE       create an agency API key (shown once, stored hashed)
  import occupations <csv> [--details <csv>]  import the national classification
  import post-demands <csv> --source NAME [--encoding utf8|gbk]
                                            sync a post-demand spreadsheet (UTF-8 or GBK) row by row;
                                            bad rows on stderr with their line, exit code 2 if any
  reindex [index]                           rebuild search indexes from scratch and swap them in
  demo                                      load the demo data set
  worker                                    run the search sync worker (also: npm run worker)

Works against the same databases as a running \`npm start\`: DATABASE_URL / MEILI_URL, or the
embedded services under DATA_DIR (reused when running, started otherwise).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', { service: 'cli', command });
  const out = (line: string) => process.stdout.write(line + '\n');

  if (command === 'token') {
    const { values } = parseArgs({
      args: rest,
      options: {
        role: { type: 'string' }, region: { type: 'string' }, enterprise: { type: 'string' }, provider: { type: 'string' },
        agency: { type: 'string' }, seeker: { type: 'string' }, subject: { type: 'string' }, expires: { type: 'string', default: '12h' },
      },
    });
    const role = values.role?.toUpperCase() as Role;
    if (!Object.values(Role).includes(role)) throw new UsageError(`--role must be one of ${Object.values(Role).join(', ')}`);
    if (values.region && !REGION_CODE.test(values.region)) throw new UsageError('--region must be a six-digit region code');
    const secret = resolveAuthSecret(config);
    if (!secret) throw new UsageError('tokens come from the external identity provider (AUTH_JWKS_URL); set AUTH_SECRET to sign local ones');
    const token = await signToken(
      secret,
      {
        subject: values.subject ?? `cli-${role.toLowerCase()}`,
        role,
        region: values.region,
        enterprise: values.enterprise,
        provider: values.provider,
        agency: values.agency,
        seeker: values.seeker,
      },
      values.expires,
    );
    out(token);
    return 0;
  }

  const infrastructure = await openInfrastructure(config, log, { poolSize: 4, applicationName: `skills-match-cli-${command}` });
  const { dataSource, search } = infrastructure;
  try {
    switch (command) {
      case 'migrate': {
        out('migrations are up to date; region list loaded');
        return 0;
      }
      case 'api-key': {
        const { values } = parseArgs({ args: rest, options: { agency: { type: 'string' }, region: { type: 'string' } } });
        if (!values.agency || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.agency)) throw new UsageError('--agency must be a source name like dalian-hr-market');
        if (!values.region || !REGION_CODE.test(values.region)) throw new UsageError('--region must be a six-digit region code');
        const { key, prefix, hash } = generateApiKey();
        await dataSource.transaction(async (manager) => {
          const saved = await manager.save(ApiKey, { keyHash: hash, prefix, agency: values.agency!, regionCode: values.region! });
          await recordAudit(manager, cliActor(), 'CREATE_API_KEY', auditSubject('ApiKey', saved.id, values.region), { agency: values.agency, regionCode: values.region, prefix });
        });
        out(`API key for ${values.agency} (region ${values.region}); it is not stored and cannot be shown again:`);
        out(key);
        return 0;
      }
      case 'import': {
        if (rest[0] === 'post-demands') return await importPostDemands(new PostDemandSyncService(dataSource), rest.slice(1), out);
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { details: { type: 'string' } } });
        if (positionals[0] !== 'occupations' || !positionals[1]) throw new UsageError('import occupations <csv> [--details <csv>]');
        const started = Date.now();
        const rows = readOccupationFiles(positionals[1], values.details);
        const result = await importOccupations(dataSource, rows, cliActor());
        out(`occupations: ${result.rows} rows, ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged (${Date.now() - started} ms)`);
        return 0;
      }
      case 'reindex': {
        const names = rest.length ? rest : searchIndexes.map((d) => d.name);
        for (const name of names) {
          const definition = findSearchIndex(name);
          if (!definition) throw new UsageError(`unknown index "${name}"; known: ${searchIndexes.map((d) => d.name).join(', ')}`);
          const result = await rebuildIndex(dataSource, search, definition, log);
          out(`${result.index}: ${result.documents} documents rebuilt and swapped in (${result.ms} ms)`);
        }
        return 0;
      }
      case 'demo': {
        await loadDemoData(dataSource, log, { onlyIfEmpty: false });
        out('demo data loaded');
        return 0;
      }
      case 'worker': {
        const workerLog = createLogger(config.logLevel, { service: 'search-worker' });
        const worker = new SearchSyncWorker(dataSource, search, searchIndexes, workerLog, infrastructure.databaseUrl);
        await worker.start();
        workerLog.info('search worker running; Ctrl-C to stop');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await worker.stop();
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await infrastructure.close();
  }
}

/** `import post-demands <csv> --source NAME [--encoding utf8|gbk]`: rejected rows on stderr by line, totals on stdout. */
async function importPostDemands(service: PostDemandSyncService, args: string[], out: (line: string) => void): Promise<number> {
  const usage = 'import post-demands <csv> --source NAME [--encoding utf8|gbk]';
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' }, encoding: { type: 'string' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(usage);
  if (!values.source || !SOURCE_NAME.test(values.source)) throw new UsageError(`--source must be a source name like dalian-hr-market\n${usage}`);
  const encoding = values.encoding?.toLowerCase().replace('-', '');
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'gbk') throw new UsageError(`--encoding must be utf8 or gbk\n${usage}`);
  const MAX_SHOWN = 1000;
  let problems = 0;
  const totals = (t: { rows: number; created: number; updated: number; unchanged: number; rejected: number }) =>
    `${t.rows} rows, ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.rejected} rejected`;
  try {
    const result = await importPostDemandCsv(service, cliActor(), file, {
      source: values.source,
      encoding,
      onProblem: (p) => {
        if (problems++ < MAX_SHOWN) process.stderr.write(`${file}:${p.line}${p.field ? ` [${p.field}]` : ''} ${p.code}: ${p.message}\n`);
      },
    });
    if (problems > MAX_SHOWN) process.stderr.write(`… and ${problems - MAX_SHOWN} more problems\n`);
    const rate = result.ms > 0 ? Math.round((result.rows * 1000) / result.ms) : result.rows;
    out(`post-demands: ${totals(result)} (${result.encoding}, ${result.ms} ms, ${rate} rows/s)`);
    return result.rejected > 0 ? 2 : 0;
  } catch (err) {
    if (!(err instanceof CsvFileError)) throw err;
    process.stderr.write(`${file}${err.line ? `:${err.line}` : ''}: ${err.message}\n`);
    if (err.imported?.rows) process.stderr.write(`stopped there; rows above it were imported: ${totals(err.imported)}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof ImportRejected) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
