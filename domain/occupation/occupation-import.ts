import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { enqueueReindex } from '../../search/outbox';
import { reindexCoursesOf } from '../../search/courses.index';
import { reindexPostDemandsOf } from '../../search/post-demands.index';
import { OCCUPATIONS_INDEX, occupationDocumentId } from '../../search/occupations.index';
import { auditSubject, recordAudit, type Actor } from '../audit/audit';
import { OCCUPATION_CODE } from './occupation.entity';

export interface ImportProblem {
  file: string;
  line: number;
  field?: string;
  message: string;
}

export class ImportRejected extends Error {
  constructor(public readonly problems: ImportProblem[]) {
    super(`import rejected, nothing written:\n${problems.map((p) => `  ${p.file}:${p.line}${p.field ? ` [${p.field}]` : ''} ${p.message}`).join('\n')}`);
    this.name = 'ImportRejected';
  }
}

export interface OccupationRow {
  code: string;
  name: string;
  majorGroup: number;
  isDigital: boolean | null;
  isGreen: boolean | null;
  source: string | null;
  definition: string | null;
  tasks: string | null;
  aliases: string[];
}

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

const MAX_PROBLEMS = 50;
const MAX_ALIAS_LENGTH = 40;

interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

function readCsv(file: string, text: string, required: string[], problems: ImportProblem[]): CsvRecord[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    problems.push({ file, line: e.lines ?? 1, message: `not valid CSV: ${e.message}` });
    return [];
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = required.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length) problems.push({ file, line: 1, message: `missing column(s): ${missing.join(', ')}` });
  if (records.length === 0) problems.push({ file, line: 1, message: 'no rows' });
  return missing.length ? [] : records.map((r) => ({ line: r.info.lines, values: r.record }));
}

function flag(value: string, file: string, line: number, field: string, problems: ImportProblem[]): boolean | null {
  if (value === '') return null;
  if (value === '1') return true;
  if (value === '0') return false;
  problems.push({ file, line, field, message: `must be 0, 1 or empty, got "${value}"` });
  return null;
}

/**
 * Parses and checks the classification files (the layout of ../shared/data/occupations.csv and
 * occupation_details.csv). Every problem is collected, each with its line; none is written.
 */
export function parseOccupationFiles(occupations: { name: string; text: string }, details?: { name: string; text: string }): OccupationRow[] {
  const problems: ImportProblem[] = [];
  const rows = new Map<string, OccupationRow & { line: number }>();
  for (const { line, values } of readCsv(occupations.name, occupations.text, ['code', 'name', 'major_group'], problems)) {
    const file = occupations.name;
    const code = values.code ?? '';
    if (!OCCUPATION_CODE.test(code)) {
      problems.push({ file, line, field: 'code', message: `"${code}" is not a code of the form X-XX-XX-XX` });
      continue;
    }
    const previous = rows.get(code);
    if (previous) {
      problems.push({ file, line, field: 'code', message: `duplicate code ${code} (first on line ${previous.line})` });
      continue;
    }
    const name = values.name ?? '';
    if (name === '') problems.push({ file, line, field: 'name', message: 'name is missing' });
    else if (name.length > 200) problems.push({ file, line, field: 'name', message: 'name is longer than 200 characters' });
    const majorGroup = Number(values.major_group);
    if (String(majorGroup) !== code[0]) {
      problems.push({ file, line, field: 'major_group', message: `must be ${code[0]}, the first digit of the code, got "${values.major_group}"` });
    }
    rows.set(code, {
      line,
      code,
      name,
      majorGroup,
      isDigital: flag(values.is_digital ?? '', file, line, 'is_digital', problems),
      isGreen: flag(values.is_green ?? '', file, line, 'is_green', problems),
      source: values.source || null,
      definition: null,
      tasks: null,
      aliases: [],
    });
  }
  if (details) {
    const seen = new Map<string, number>();
    for (const { line, values } of readCsv(details.name, details.text, ['code', 'definition', 'tasks', 'aliases'], problems)) {
      const file = details.name;
      const code = values.code ?? '';
      const row = rows.get(code);
      if (!OCCUPATION_CODE.test(code)) {
        problems.push({ file, line, field: 'code', message: `"${code}" is not a code of the form X-XX-XX-XX` });
        continue;
      }
      if (seen.has(code)) {
        problems.push({ file, line, field: 'code', message: `duplicate code ${code} (first on line ${seen.get(code)})` });
        continue;
      }
      seen.set(code, line);
      if (!row) {
        problems.push({ file, line, field: 'code', message: `${code} is not in ${occupations.name}` });
        continue;
      }
      row.definition = values.definition || null;
      row.tasks = values.tasks || null;
      const aliases = (values.aliases ?? '').split('|').map((a) => a.trim()).filter((a) => a !== '');
      const tooLong = aliases.find((a) => a.length > MAX_ALIAS_LENGTH);
      if (tooLong) problems.push({ file, line, field: 'aliases', message: `alias "${tooLong.slice(0, 20)}…" is longer than ${MAX_ALIAS_LENGTH} characters` });
      row.aliases = [...new Set(aliases)].filter((a) => a !== row.name);
    }
  }
  if (problems.length) throw new ImportRejected(problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line).slice(0, MAX_PROBLEMS));
  return [...rows.values()].map(({ line: _line, ...row }) => row);
}

export function readOccupationFiles(occupationsPath: string, detailsPath?: string): OccupationRow[] {
  return parseOccupationFiles(
    { name: occupationsPath, text: readFileSync(occupationsPath, 'utf8') },
    detailsPath ? { name: detailsPath, text: readFileSync(detailsPath, 'utf8') } : undefined,
  );
}

/**
 * Upserts the rows in one transaction. Rows equal to what is stored are left alone, so a second
 * run writes nothing: no row, no outbox entry, no audit entry.
 */
export async function importOccupations(dataSource: DataSource, rows: OccupationRow[], actor: Actor): Promise<ImportResult> {
  return dataSource.transaction(async (manager) => {
    const col = <K extends keyof OccupationRow>(key: K) => rows.map((r) => r[key]);
    const changed: { code: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO occupation AS o (code, name, major_group, is_digital, is_green, source, definition, tasks, aliases)
       SELECT code, name, major_group, is_digital, is_green, source, definition, tasks,
              ARRAY(SELECT jsonb_array_elements_text(aliases))
         FROM unnest($1::text[], $2::text[], $3::smallint[], $4::boolean[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
           AS t(code, name, major_group, is_digital, is_green, source, definition, tasks, aliases)
       ON CONFLICT (code) DO UPDATE SET
         name = EXCLUDED.name, major_group = EXCLUDED.major_group, is_digital = EXCLUDED.is_digital,
         is_green = EXCLUDED.is_green, source = EXCLUDED.source, definition = EXCLUDED.definition,
         tasks = EXCLUDED.tasks, aliases = EXCLUDED.aliases, updated_at = now()
       WHERE (o.name, o.major_group, o.is_digital, o.is_green, o.source, o.definition, o.tasks, o.aliases)
             IS DISTINCT FROM
             (EXCLUDED.name, EXCLUDED.major_group, EXCLUDED.is_digital, EXCLUDED.is_green, EXCLUDED.source, EXCLUDED.definition, EXCLUDED.tasks, EXCLUDED.aliases)
       RETURNING o.code, (xmax = 0) AS inserted`,
      [
        col('code'), col('name'), col('majorGroup'), col('isDigital'), col('isGreen'), col('source'),
        col('definition'), col('tasks'), rows.map((r) => JSON.stringify(r.aliases)),
      ],
    );
    const created = changed.filter((c) => c.inserted).length;
    const result = { rows: rows.length, created, updated: changed.length - created, unchanged: rows.length - changed.length };
    if (changed.length > 0) {
      await enqueueReindex(manager, OCCUPATIONS_INDEX, changed.map((c) => occupationDocumentId(c.code)));
      await reindexPostDemandsOf(manager, { occupationCodes: changed.map((c) => c.code) });
      await reindexCoursesOf(manager, { occupationCodes: changed.map((c) => c.code) });
      await recordAudit(manager, actor, 'IMPORT', auditSubject('Occupation', '*'), {
        created: result.created,
        updated: result.updated,
        codes: changed.map((c) => c.code).slice(0, 2000),
      });
    }
    return result;
  });
}
