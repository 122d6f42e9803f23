import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvRecords, type CsvRecord } from '../domain/demand/csv-records';

/** Feeds the text in chunks of `size` characters, as a file stream would. */
async function records(text: string, size = 7): Promise<CsvRecord[]> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const out: CsvRecord[] = [];
  for await (const records of csvRecords(chunks())) out.push(...records);
  return out;
}

describe('csvRecords (the post-demand file reader)', () => {
  it('splits plain lines, trims unquoted fields and skips empty lines, numbering lines from 1', async () => {
    expect(await records('a,b,c\n\n 1 , 2,3\n4,,6')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 3 },
      { fields: ['4', '', '6'], line: 4 },
    ]);
  });

  it('keeps quoted fields as written, with doubled quotes, commas and line breaks, across chunk ends', async () => {
    const text = 'id,tasks\nx-1,"负责冷库出入库；\n夜间巡检, ""A"" 区"\nx-2, "  padded " \n"x-3",\n';
    for (const size of [1, 3, 7, 1000]) {
      expect(await records(text, size)).toEqual([
        { fields: ['id', 'tasks'], line: 1 },
        { fields: ['x-1', '负责冷库出入库；\n夜间巡检, "A" 区'], line: 2 },
        { fields: ['x-2', '  padded '], line: 4 },
        { fields: ['x-3', ''], line: 5 },
      ]);
    }
  });

  it('names the line of a quote left open, a stray quote, or text after a closing quote', async () => {
    const failure = async (text: string) => records(text).then(() => undefined, (e: unknown) => e);
    const open = await failure('a,b\n1,"never closed\n2,3\n');
    expect(open).toBeInstanceOf(CsvSyntaxError);
    expect(open).toMatchObject({ line: 2, message: expect.stringContaining('never closed') });
    expect(await failure('a,b\n1,2\n3,ab"c\n')).toMatchObject({ line: 3, message: expect.stringContaining('quote inside an unquoted field') });
    expect(await failure('a,b\n"x"y,2\n')).toMatchObject({ line: 2, message: expect.stringContaining('after a closing quote') });
  });

  it('hands over the records above a bad line before the error, as the import reports them', async () => {
    const read: CsvRecord[] = [];
    const reading = (async () => {
      for await (const records of csvRecords((async function* () { yield 'a,b\n1,2\n3,x"y\n4,5\n'; })())) read.push(...records);
    })();
    await expect(reading).rejects.toBeInstanceOf(CsvSyntaxError);
    expect(read).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });
});
