import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import type { Actor } from '../audit/audit';
import { CsvSyntaxError, csvRecords } from './csv-records';
import type { PostDemandStatus } from './post-demand.entity';
import { SyncItemStatus, type PostDemandSyncService, type SyncItem, type SyncOutcome } from './post-demand-sync';
import type { SkillLevel } from '../skills/skill-level';

/** The columns of a post-demand spreadsheet: the fields of a `syncPostDemands` item, in a header row. */
export const CSV_COLUMNS = [
  'externalId', 'updatedAt', 'enterpriseCreditCode', 'enterpriseName', 'occupationCode', 'jobTitle', 'headcount',
  'skillLevel', 'wageMin', 'wageMax', 'regionCode', 'tasks', 'validUntil', 'status',
] as const;
const OPTIONAL_COLUMNS = new Set(['tasks', 'status']);
export const REQUIRED_COLUMNS = CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c));

export type CsvEncoding = 'utf8' | 'gbk';

export interface CsvRowProblem {
  line: number;
  field?: string;
  code: string;
  message: string;
}

export interface CsvImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  encoding: CsvEncoding;
  ms: number;
}

/** The file cannot be read as a post-demand CSV at all (header, encoding, quoting): a message naming the line. */
export class CsvFileError extends Error {
  /** What earlier batches wrote before the problem was met (rows above it are imported). */
  imported?: Omit<CsvImportResult, 'encoding' | 'ms'>;

  constructor(
    message: string,
    public readonly line?: number,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/**
 * UTF-8 when the first chunk decodes as UTF-8 (a BOM is dropped), GBK otherwise; or the encoding
 * given. Line ends become `\n` (the parser miscounts lines on `\r\n`, and rows are reported by line).
 */
class Decoder extends Transform {
  encoding?: CsvEncoding;
  private decoder?: TextDecoder;
  private bytes = 0;
  private carriageReturn = false;

  constructor(private readonly forced?: CsvEncoding) {
    super({ readableObjectMode: true, decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.decoder) {
      this.encoding = this.forced ?? (decodes(chunk, 'utf-8') ? 'utf8' : 'gbk');
      this.decoder = new TextDecoder(this.encoding === 'gbk' ? 'gbk' : 'utf-8', { fatal: true });
    }
    try {
      let text = (this.carriageReturn ? '\r' : '') + this.decoder.decode(chunk, { stream: true });
      this.bytes += chunk.length;
      this.carriageReturn = text.endsWith('\r');
      if (this.carriageReturn) text = text.slice(0, -1);
      callback(null, text.replace(/\r\n/g, '\n'));
    } catch {
      callback(new CsvFileError(`not valid ${this.encoding === 'gbk' ? 'GBK' : 'UTF-8'} between bytes ${this.bytes} and ${this.bytes + chunk.length}; pass --encoding ${this.encoding === 'gbk' ? 'utf8' : 'gbk'} if the file is in that encoding`));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, ((this.carriageReturn ? '\r' : '') + (this.decoder?.decode() ?? '')).replace(/\r\n/g, '\n'));
    } catch {
      callback(new CsvFileError(`the file ends inside a ${this.encoding === 'gbk' ? 'GBK' : 'UTF-8'} character`));
    }
  }
}

function decodes(chunk: Buffer, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(chunk, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;
const SLASH_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

/** ISO 8601 with a zone as given; a spreadsheet's zone-less `2026-03-01 09:00[:00]` or date is China time (UTC+8). */
export function parseUpdatedAt(text: string): Date {
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [, y, m, d, hh = '00', mm = '00', ss = '00', frac = ''] = local;
    return new Date(`${y}-${m}-${d}T${hh}:${mm}:${ss}${frac.slice(0, 4)}+08:00`);
  }
  return /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text) ? new Date(text) : new Date(NaN);
}

/** `2099/1/5` (as spreadsheets write dates) → `2099-01-05`; anything else as given. */
function normalizeDate(text: string): string {
  const slash = SLASH_DATE.exec(text);
  return slash ? `${slash[1]}-${slash[2].padStart(2, '0')}-${slash[3].padStart(2, '0')}` : text;
}

type Column = (typeof CSV_COLUMNS)[number];

/** Where each column sits in the header (the last of repeated names; -1 when an optional one is absent). */
function columnPositions(header: readonly string[]): Record<Column, number> {
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.lastIndexOf(c)])) as Record<Column, number>;
}

/** A data row (as many fields as the header) as a sync item; read by position, as the file holds hundreds of thousands. */
function csvFieldsToItem(fields: readonly string[], at: Record<Column, number>): SyncItem {
  const text = (position: number) => (position < 0 ? '' : fields[position]);
  const headcount = text(at.headcount);
  return {
    externalId: text(at.externalId),
    updatedAt: parseUpdatedAt(text(at.updatedAt)),
    enterpriseCreditCode: text(at.enterpriseCreditCode).toUpperCase(),
    enterpriseName: text(at.enterpriseName),
    occupationCode: text(at.occupationCode),
    jobTitle: text(at.jobTitle),
    headcount: /^\d{1,9}$/.test(headcount) ? Number(headcount) : NaN,
    skillLevel: text(at.skillLevel).toUpperCase() as SkillLevel,
    wageMin: text(at.wageMin),
    wageMax: text(at.wageMax),
    regionCode: text(at.regionCode),
    tasks: text(at.tasks) || null,
    validUntil: normalizeDate(text(at.validUntil)),
    status: (text(at.status).toUpperCase() || null) as PostDemandStatus | null,
  };
}

/** Rows read but not yet written: the items and, at the same positions, the lines they start on. */
interface Batch {
  items: SyncItem[];
  lines: number[];
}

/** Rows per transaction for files: larger than an API call's limit, since statements per batch are constant. */
export const CSV_BATCH_ROWS = 5000;

/**
 * Streams a post-demand CSV into the sync service in batches of 5,000, one transaction each, four
 * written at a time while the next is parsed (lines are locked in sorted order, so concurrent
 * batches wait for each other rather than deadlock; on two cores shared with the search indexer a
 * fourth still shortened the import, each batch waiting on this process between its statements). Rows are checked one by one as in
 * `syncPostDemands`: bad rows are reported with their line and field and the others land. An
 * employer named on a page that has committed is not sent again with later pages.
 */
export async function importPostDemandCsv(
  service: PostDemandSyncService,
  actor: Actor,
  file: string,
  options: {
    source: string;
    encoding?: CsvEncoding;
    batchSize?: number;
    /** Batches written at the same time, each in its own transaction (default 4, the command line's pool size). */
    concurrency?: number;
    onProblem?: (problem: CsvRowProblem) => void;
  },
): Promise<CsvImportResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? CSV_BATCH_ROWS;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const totals = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const report = options.onProblem ?? (() => {});
  const decoder = new Decoder(options.encoding);
  const source = createReadStream(file);
  source.on('error', (err) => decoder.destroy(err));
  source.pipe(decoder);

  const tally = (batch: Batch, outcome: SyncOutcome) => {
    totals.rows += batch.items.length;
    totals.created += outcome.created;
    totals.updated += outcome.updated;
    totals.unchanged += outcome.unchanged;
    totals.rejected += outcome.rejected;
    outcome.results.forEach((result, i) => {
      if (result.status !== SyncItemStatus.REJECTED) return;
      for (const e of result.userErrors) report({ line: batch.lines[i], field: e.field?.[3], code: e.code, message: e.message });
    });
  };
  const enterprises = new Map<string, string>();
  const write = async (batch: Batch) => tally(batch, await service.importBatch(actor, options.source, batch.items, enterprises));

  let batch: Batch = { items: [], lines: [] };
  const inflight: Promise<void>[] = [];
  try {
    let width = 0;
    let at: Record<Column, number> | undefined;
    for await (const records of csvRecords(decoder)) {
      for (const { fields, line } of records) {
        if (!at) {
          const missing = REQUIRED_COLUMNS.filter((c) => !fields.includes(c));
          if (missing.length) throw new CsvFileError(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`, 1);
          width = fields.length;
          at = columnPositions(fields);
          continue;
        }
        if (fields.length !== width) {
          totals.rows++;
          totals.rejected++;
          report({ line, code: 'INVALID', message: `the row does not have the header's ${width} fields` });
          continue;
        }
        batch.items.push(csvFieldsToItem(fields, at));
        batch.lines.push(line);
        if (batch.items.length === batchSize) {
          if (inflight.length >= concurrency) await inflight.shift();
          const writing = write(batch);
          writing.catch(() => {}); // awaited in turn below or at the end
          inflight.push(writing);
          batch = { items: [], lines: [] };
        }
      }
    }
  } catch (err) {
    await Promise.allSettled(inflight);
    const e = err as { code?: string; message: string };
    const fileError =
      err instanceof CsvFileError ? err
      : err instanceof CsvSyntaxError ? new CsvFileError(`not valid CSV: ${err.message}`, err.line)
      : e.code && ['ENOENT', 'EACCES', 'EISDIR'].includes(e.code) ? new CsvFileError(`cannot read the file: ${e.message}`)
      : undefined;
    if (!fileError) throw err;
    fileError.imported = { ...totals };
    throw fileError;
  }
  if (batch.items.length) inflight.push(write(batch));
  // Every batch settles before the first failure (if any) is thrown: none is left running.
  const settled = await Promise.allSettled(inflight);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { ...totals, encoding: decoder.encoding ?? options.encoding ?? 'utf8', ms: Date.now() - started };
}
