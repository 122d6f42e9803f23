/**
 * `npm run bench -- <name> [options]`: builds, then runs one benchmark against the built server
 * (`dist/server/main.js`) on a temporary DATA_DIR. Figures go to stdout, progress to stderr.
 */
import { COURSES_USAGE, coursesBench } from './courses';
import { UsageError } from './lib';
import { MATCH_USAGE, matchBench } from './match';
import { SYNC_USAGE, syncBench } from './sync';
import { typeahead, TYPEAHEAD_USAGE } from './typeahead';

type Benchmark = (argv: string[]) => Promise<number>;

const BENCHMARKS: Record<string, { run: Benchmark; usage: string }> = {
  typeahead: { run: typeahead, usage: TYPEAHEAD_USAGE },
  sync: { run: syncBench, usage: SYNC_USAGE },
  courses: { run: coursesBench, usage: COURSES_USAGE },
  match: { run: matchBench, usage: MATCH_USAGE },
};

function usage(): string {
  return [
    'Usage: npm run bench -- <benchmark> [options]',
    '',
    ...Object.values(BENCHMARKS).map((b) => `  ${b.usage}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const benchmark = BENCHMARKS[name];
  if (!benchmark) {
    process.stderr.write(`unknown benchmark "${name}"\n\n${usage()}`);
    return 2;
  }
  return benchmark.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage()}`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
