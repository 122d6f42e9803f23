import 'reflect-metadata';
import { startPlatform } from './app';
import { Role } from './auth';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** `npm start`: boots the platform and prints where it listens and a local admin token. */
async function main(): Promise<void> {
  const booted = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel, { service: 'api' });
  const platform = await startPlatform(config, log);
  log.info('ready', { url: platform.url, bootMs: Date.now() - booted });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await platform.stop();
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { err });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!config.isProduction && !config.authJwksUrl) {
    const token = await platform.services.authenticator.sign({ subject: 'local-admin', role: Role.ADMIN, region: '210000' }, '30d');
    process.stdout.write(
      [
        '',
        `  GraphQL API and explorer: ${platform.url}`,
        `  Local admin token (ADMIN, region 210000 辽宁省, 30 days):`,
        `  ${token}`,
        `  Send it as the header  Authorization: Bearer <token>`,
        '',
      ].join('\n') + '\n',
    );
  }
}

main().catch((err) => {
  process.stderr.write(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
