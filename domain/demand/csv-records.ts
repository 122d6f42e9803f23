/** One CSV record: its fields and the line it starts on (1-based, counting the header). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The text is not CSV (RFC 4180): a quote left open or misplaced, on the line named. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    public readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits decoded CSV text (line ends already `\n`) into records, handed over a chunk's worth at a
 * time. Unquoted fields are trimmed, quoted ones kept as written (`""` is a quote, line breaks
 * allowed), empty lines skipped. Lines without a quote, nearly all of them in practice, take a plain
 * `split`: the file import spends its time here, and a general-purpose parser cost more than half
 * the import's CPU (as did, later, a promise per record).
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    const records: CsvRecord[] = [];
    let start = 0;
    for (;;) {
      const end = pending.indexOf('\n', start);
      if (end < 0) break;
      const text = pending.slice(start, end);
      if (text.indexOf('"') < 0) {
        line++;
        if (text.trim()) records.push({ fields: text.split(',').map((f) => f.trim()), line });
        start = end + 1;
        continue;
      }
      let quoted;
      try {
        quoted = parseQuoted(pending, start, line + 1);
      } catch (err) {
        if (records.length) yield records; // the records above the bad line still reach the reader first
        throw err;
      }
      if (!quoted) break; // a quoted field runs past this chunk: wait for more text
      line++;
      records.push({ fields: quoted.fields, line });
      line += quoted.lineBreaks;
      start = quoted.next;
    }
    pending = pending.slice(start);
    if (records.length) yield records;
  }
  if (pending.trim()) {
    line++;
    if (pending.indexOf('"') < 0) {
      yield [{ fields: pending.split(',').map((f) => f.trim()), line }];
      return;
    }
    const quoted = parseQuoted(pending + '\n', 0, line);
    if (!quoted) throw new CsvSyntaxError(`a quoted field opened on line ${line} is never closed`, line);
    yield [{ fields: quoted.fields, line }];
  }
}

/** The record starting at `start`, or null when its closing quote lies beyond the text. */
function parseQuoted(text: string, start: number, line: number): { fields: string[]; next: number; lineBreaks: number } | null {
  const fields: string[] = [];
  let i = start;
  let lineBreaks = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return null;
        if (text[quote + 1] === '"') {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) lineBreaks++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (i >= text.length) return null;
      if (text[i] !== ',' && text[i] !== '\n') throw new CsvSyntaxError(`unexpected text after a closing quote on line ${line + lineBreaks}`, line + lineBreaks);
      fields.push(value);
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
      if (end >= text.length) return null;
      const value = text.slice(i, end);
      if (value.includes('"')) throw new CsvSyntaxError(`a quote inside an unquoted field on line ${line + lineBreaks}; quote the whole field and double the quote`, line + lineBreaks);
      fields.push(value.trim());
      i = end;
    }
    if (text[i] === '\n') return { fields, next: i + 1, lineBreaks };
    i++; // past the comma
  }
}
