import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../domain/audit/audit';
import { importPostDemandCsv, type CsvImportResult } from '../domain/demand/post-demand-csv';
import { PostDemandSyncService } from '../domain/demand/post-demand-sync';
import { importOccupations, ImportRejected, readOccupationFiles, type ImportProblem } from '../domain/occupation/occupation-import';
import { creditCode } from './fixtures/sync-items';
import { startTestPlatform, type TestPlatform } from './harness';

/** The real national classification, beside the project (never copied into it). */
const DATA = join(__dirname, '..', '..', 'shared', 'data');
const OCCUPATIONS_CSV = join(DATA, 'occupations.csv');
const DETAILS_CSV = join(DATA, 'occupation_details.csv');

const operator: Actor = { subject: 'test:bureau-operator', role: 'OPERATOR' };

/** 1-based line of the first line starting with `prefix` (the files hold no multi-line fields). */
function lineOf(text: string, prefix: string): number {
  const index = text.split('\n').findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  return index + 1;
}

/** Replaces the single line starting with `prefix` (keeping its CRLF/LF ending). */
function replaceLine(text: string, prefix: string, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  const cr = lines[index].endsWith('\r') ? '\r' : '';
  lines[index] = edit(lines[index].replace(/\r$/, '')) + cr;
  return lines.join('\n');
}

function problemsOf(run: () => unknown): ImportProblem[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ImportRejected) return err.problems;
    throw err;
  }
  throw new Error('expected the import to be rejected, but the files were accepted');
}

describe('a bureau operator loading the national occupational classification', () => {
  let app: TestPlatform;
  let tmp: string;
  const occupationsText = readFileSync(OCCUPATIONS_CSV, 'utf8');
  const detailsText = readFileSync(DETAILS_CSV, 'utf8');

  /**
   * What an import could write: the rows (with their PostgreSQL row versions, so even a no-op
   * UPDATE shows), the search outbox and the audit trail. The worker is off in this file, so every
   * outbox row an import queues stays visible.
   */
  async function snapshot() {
    const ds = app.platform.infrastructure.dataSource;
    const rows: { code: string; xmin: string; name: string }[] = await ds.query('SELECT code, xmin::text AS xmin, name FROM occupation ORDER BY code');
    const [{ outbox, lastOutboxId }] = await ds.query('SELECT count(*)::int AS outbox, coalesce(max(id), 0)::int AS "lastOutboxId" FROM search_outbox');
    const [{ audit }] = await ds.query('SELECT count(*)::int AS audit FROM audit_entry');
    return { rows, versions: new Map(rows.map((r) => [r.code, r.xmin])), outbox: outbox as number, lastOutboxId: lastOutboxId as number, audit: audit as number };
  }

  const importFiles = (occupations: string, details?: string) => importOccupations(app.platform.infrastructure.dataSource, readOccupationFiles(occupations, details), operator);

  beforeAll(async () => {
    app = await startTestPlatform({ demoData: false, env: { SEARCH_WORKER: 'off' } });
    tmp = mkdtempSync(join(tmpdir(), 'occupation-import-'));
  });
  afterAll(async () => {
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('imports all 1,645 rows of the classification with their details and aliases', async () => {
    const before = await snapshot();
    expect(before.rows).toHaveLength(0);

    const result = await importFiles(OCCUPATIONS_CSV, DETAILS_CSV);
    expect(result).toEqual({ rows: 1645, created: 1645, updated: 0, unchanged: 0 });

    const ds = app.platform.infrastructure.dataSource;
    const [counts] = await ds.query(`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE code LIKE '%-00-00-00')::int AS "majorGroups",
             count(*) FILTER (WHERE code NOT LIKE '%-00-00-00')::int AS detailed,
             count(*) FILTER (WHERE definition IS NOT NULL)::int AS "withDefinition",
             count(*) FILTER (WHERE cardinality(aliases) > 0)::int AS "withAliases",
             count(*) FILTER (WHERE is_digital)::int AS digital,
             count(DISTINCT major_group)::int AS groups
        FROM occupation`);
    // 1,632 details rows, one of which (6-20-03-00) has an empty definition; 413 occupations have aliases.
    expect(counts).toEqual({ total: 1645, majorGroups: 8, detailed: 1637, withDefinition: 1631, withAliases: 413, digital: 95, groups: 8 });

    const [ai] = await ds.query(`SELECT name, major_group, is_digital, definition, aliases FROM occupation WHERE code = '4-04-05-05'`);
    expect(ai).toMatchObject({ name: '人工智能训练师', major_group: 4, is_digital: true });
    expect(ai.aliases).toEqual(['数据标注师', 'AI训练师', '机器学习', '数标员']);
    expect(ai.definition).toMatch(/人工智能/);

    // One outbox row per imported occupation, one audit entry for the whole import.
    const after = await snapshot();
    expect(after.outbox).toBe(1645);
    const [{ documents }] = await ds.query(`SELECT count(DISTINCT document_id)::int AS documents FROM search_outbox WHERE index_name = 'occupations'`);
    expect(documents).toBe(1645);
    expect(after.audit).toBe(1);
    const [entry] = await ds.query(`SELECT actor, action, entity_type, changes FROM audit_entry`);
    expect(entry).toMatchObject({ actor: operator.subject, action: 'IMPORT', entity_type: 'Occupation', changes: { created: 1645, updated: 0 } });
  });

  it('writes nothing when the same files are imported again', async () => {
    const before = await snapshot();
    const result = await importFiles(OCCUPATIONS_CSV, DETAILS_CSV);
    expect(result).toEqual({ rows: 1645, created: 0, updated: 0, unchanged: 1645 });
    const after = await snapshot();
    expect(after.versions).toEqual(before.versions); // not one row rewritten, not even with equal values
    expect(after.outbox).toBe(before.outbox);
    expect(after.lastOutboxId).toBe(before.lastOutboxId);
    expect(after.audit).toBe(before.audit);
  });

  it('updates exactly the one occupation whose name changed, and queues only it for search', async () => {
    const edited = join(tmp, 'renamed.csv');
    writeFileSync(edited, replaceLine(occupationsText, '4-10-01-06,', (l) => l.replace(',家政服务员,', ',家政服务员（家庭服务）,')));
    const before = await snapshot();

    const result = await importFiles(edited, DETAILS_CSV);
    expect(result).toEqual({ rows: 1645, created: 0, updated: 1, unchanged: 1644 });

    const after = await snapshot();
    const rewritten = [...after.versions].filter(([code, version]) => before.versions.get(code) !== version).map(([code]) => code);
    expect(rewritten).toEqual(['4-10-01-06']);
    expect(after.rows.find((r) => r.code === '4-10-01-06')?.name).toBe('家政服务员（家庭服务）');
    const queued = await app.platform.infrastructure.dataSource.query('SELECT index_name, document_id FROM search_outbox WHERE id > $1', [before.lastOutboxId]);
    expect(queued).toEqual([{ index_name: 'occupations', document_id: '4-10-01-06' }]);
    expect(after.audit).toBe(before.audit + 1);

    // The official file puts the name back.
    expect(await importFiles(OCCUPATIONS_CSV, DETAILS_CSV)).toEqual({ rows: 1645, created: 0, updated: 1, unchanged: 1644 });
    expect((await snapshot()).rows.find((r) => r.code === '4-10-01-06')?.name).toBe('家政服务员');
  });

  describe('rejects a corrupted file whole, naming the line and the reason, and writes nothing', () => {
    const cases: { what: string; file: 'occupations' | 'details'; corrupt: (text: string) => string; expected: (text: string, path: string) => ImportProblem }[] = [
      {
        what: 'a malformed code (a digit group lost in a spreadsheet)',
        file: 'occupations',
        // 4-07-02-06 has no details row, so the broken code leaves no orphan detail behind.
        corrupt: (t) => replaceLine(t, '4-07-02-06,', (l) => l.replace('4-07-02-06,', '4-07-2-06,')),
        expected: (t, file) => ({ file, line: lineOf(t, '4-07-2-06,'), field: 'code', message: '"4-07-2-06" is not a code of the form X-XX-XX-XX' }),
      },
      {
        what: 'a missing name',
        file: 'occupations',
        corrupt: (t) => replaceLine(t, '4-10-01-05,', (l) => l.replace(',养老护理员,', ',,')),
        expected: (t, file) => ({ file, line: lineOf(t, '4-10-01-05,'), field: 'name', message: 'name is missing' }),
      },
      {
        what: 'a duplicated code (a row pasted twice)',
        file: 'occupations',
        corrupt: (t) => {
          const lines = t.split('\n');
          const at = lines.findIndex((l) => l.startsWith('4-04-05-05,'));
          lines.splice(at + 1, 0, lines[at]);
          return lines.join('\n');
        },
        expected: (t, file) => ({
          file,
          line: lineOf(t, '4-04-05-05,') + 1,
          field: 'code',
          message: `duplicate code 4-04-05-05 (first on line ${lineOf(t, '4-04-05-05,')})`,
        }),
      },
      {
        what: 'a details row for an occupation that is not in the classification',
        file: 'details',
        corrupt: (t) => replaceLine(t, '4-10-01-05,', (l) => l.replace('4-10-01-05,', '4-10-01-95,')),
        expected: (t, file) => ({ file, line: lineOf(t, '4-10-01-95,'), field: 'code', message: `4-10-01-95 is not in ${OCCUPATIONS_CSV}` }),
      },
    ];

    for (const c of cases) {
      it(c.what, async () => {
        const text = c.corrupt(c.file === 'occupations' ? occupationsText : detailsText);
        const path = join(tmp, `${c.file}-${cases.indexOf(c)}.csv`);
        writeFileSync(path, text);
        const [occupations, details] = c.file === 'occupations' ? [path, DETAILS_CSV] : [OCCUPATIONS_CSV, path];
        const before = await snapshot();

        const problems = problemsOf(() => readOccupationFiles(occupations, details));
        expect(problems).toEqual([c.expected(text, path)]);
        // The line is the file's own line number, far past the header, as an editor shows it.
        expect(problems[0].line).toBeGreaterThan(100);

        const after = await snapshot();
        expect(after.versions).toEqual(before.versions);
        expect(after.outbox).toBe(before.outbox);
        expect(after.lastOutboxId).toBe(before.lastOutboxId);
        expect(after.audit).toBe(before.audit);
      });
    }

    it('reports every problem of a file at once, not only the first', () => {
      let text = replaceLine(occupationsText, '4-10-01-05,', (l) => l.replace(',养老护理员,', ',,'));
      text = replaceLine(text, '6-31-01-03,', (l) => l.replace(/,6,([01]?),/, ',6,yes,'));
      const path = join(tmp, 'several.csv');
      writeFileSync(path, text);
      const problems = problemsOf(() => readOccupationFiles(path, DETAILS_CSV));
      expect(problems.map((p) => [p.line, p.field])).toEqual([
        [lineOf(text, '4-10-01-05,'), 'name'],
        [lineOf(text, '6-31-01-03,'), 'is_digital'],
      ]);
    });
  });
});

describe('a bureau importing a post-demand file page by page', () => {
  let app: TestPlatform;
  let tmp: string;
  const db = () => app.platform.infrastructure.dataSource;
  const HEADER = 'externalId,updatedAt,enterpriseCreditCode,enterpriseName,occupationCode,jobTitle,headcount,skillLevel,wageMin,wageMax,regionCode,tasks,validUntil,status';

  beforeAll(async () => {
    app = await startTestPlatform({ env: { SEARCH_WORKER: 'off' } });
    tmp = mkdtempSync(join(tmpdir(), 'post-demand-pages-'));
  });
  afterAll(async () => {
    await app?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('sends each employer once the page naming it has committed, and stores text and times exactly', async () => {
    // Ten rows over two employers, in pages of four written one at a time: pages 2 and 3 name only employers page 1 committed.
    const employers = [creditCode(801), creditCode(802)];
    const rows = Array.from({ length: 10 }, (_, i) =>
      [
        `page-${i}`, `2026-03-01T00:00:0${i}.12${i}Z`, employers[i % 2], `大连分页导入${i % 2}号有限公司`, '6-18-01-01',
        i === 5 ? '"数控车工 ""A"" 班\\夜班"' : '数控车工', 1 + i, 'SENIOR', '6000', '8000', '210211', i === 7 ? '' : '"加工轴类零件, 夜间巡检"', '2099-12-31', '',
      ].join(','),
    );
    const file = join(tmp, 'pages.csv');
    writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');

    const query = vi.spyOn(PostgresQueryRunner.prototype, 'query');
    let result: CsvImportResult;
    let enterpriseStatements: number;
    try {
      result = await importPostDemandCsv(new PostDemandSyncService(db()), operator, file, { source: 'paged-sheet', batchSize: 4, concurrency: 1 });
      enterpriseStatements = query.mock.calls.filter(([sql]) => sql.includes('INSERT INTO enterprise')).length;
    } finally {
      query.mockRestore();
    }
    expect(result).toMatchObject({ rows: 10, created: 10, rejected: 0 });
    expect(enterpriseStatements).toBe(1);

    const stored = await db().query(
      `SELECT p.external_id, p.job_title, p.tasks, p.source_updated_at, e.credit_code
         FROM post_demand p JOIN enterprise e ON e.id = p.enterprise_id WHERE p.source = 'paged-sheet' ORDER BY p.external_id`,
    );
    expect(stored.map((r: { credit_code: string }) => r.credit_code)).toEqual(rows.map((_, i) => employers[i % 2]));
    expect(stored[5].job_title).toBe('数控车工 "A" 班\\夜班');
    expect(stored[4].tasks).toBe('加工轴类零件, 夜间巡检');
    expect(stored[7].tasks).toBeNull();
    expect(stored.map((r: { source_updated_at: Date }) => r.source_updated_at.toISOString())).toEqual(rows.map((_, i) => `2026-03-01T00:00:0${i}.12${i}Z`));
    const audits = await db().query(`SELECT changes FROM audit_entry WHERE entity_type = 'PostDemandSource' AND entity_id = 'paged-sheet' ORDER BY id`);
    expect(audits.map((a: { changes: { enterprisesCreated: string[] } }) => a.changes.enterprisesCreated.length)).toEqual([2, 0, 0]);
  });
});
