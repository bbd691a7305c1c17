import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { MalformedCsvError, readCsvFile } from '../../src/suppliers/csv/csv-stream';
import { MISSING_HEADER, readCsvTable, type CsvReadResult, type CsvRecord } from '../../src/suppliers/csv/csv-table';
import { decodeCsvBytes } from '../../src/suppliers/csv/csv-dialect';
import { FirstLineIndex } from '../../src/suppliers/csv/first-line-index';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pce-csv-stream-'));
let files = 0;

function fileWith(content: string | Buffer): string {
  const file = path.join(dir, `${++files}.csv`);
  writeFileSync(file, content);
  return file;
}

/** The streamed reading in readCsvTable's shape, for comparing the two. */
async function streamTable(file: string, chunkBytes?: number): Promise<CsvReadResult> {
  const records: CsvRecord[] = [];
  try {
    await readCsvFile(file, (record) => void records.push(record), { chunkBytes });
  } catch (err) {
    if (err instanceof MalformedCsvError) return { ok: false, line: err.line, problem: err.problem };
    throw err;
  }
  const [header, ...rest] = records;
  return header ? { ok: true, header, records: rest } : { ok: false, line: 1, problem: MISSING_HEADER.problem };
}

/** readCsvTable's answer without what only it reports (the dialect and the export stamp). */
function tableOf(text: string): CsvReadResult {
  const read = readCsvTable(text);
  if (!read.ok) return read;
  return { ok: true, header: read.header, records: read.records };
}

const TRICKY: [string, string][] = [
  ['semicolons and decimal commas, as French spreadsheets save', 'supplier_id;item;price_eur\r\nS1;lunch;61,50\r\nS1;"din;ner";"1,5"\r\n'],
  ['the web export stamp before the header', '#exported_at=2026-11-29T18:00:00.000Z\na,b\n1,2\n'],
  ['the export stamp kept by a spreadsheet saving with ;', '\uFEFF#exported_at=2026-11-29T18:00:00.000Z;;\r\na;b\r\n1;2\r\n'],
  ['CRLF, a BOM, multi-line quoted cells and blank rows', '\uFEFFa,b\r\n1,"x\r\ny"\r\n\r\n3,4\r\n,\r\n5,"p\n\nq"\n6,7'],
  ['lone CRs (old Mac line ends)', 'a,b\r1,2\r\r3,"x\ry"\r'],
  ['blank lines before the header and no final line break', '\n\n\na,b\n1,2'],
  ['cells of spaces only and formula-protected cells', "a,b\n  ,  \n'=1+1,'@x\n"],
  ['accents and characters outside the BMP', 'nom,ville\nCôte d’Azur,𝕏 Marseille\n'],
  ['a quoted cell never closed', 'a,b\n1,2\n3,"x\n4,5\n'],
  ['a closing quote followed by text', 'a,b\n1,2\n3,"x\ny"z\n4,5\n'],
  ['a quote inside an unquoted cell', 'a,b\n1,2\n3,x"y\n'],
  ['nothing but blank lines', '\r\n\r\n'],
  ['no bytes at all', ''],
];

describe('readCsvFile (streamed) reads a file exactly as readCsvTable reads its text', () => {
  it.each(TRICKY)('when the file has %s, then records, lines and errors are the same', async (_case, text) => {
    const file = fileWith(text);
    expect(await streamTable(file)).toEqual(tableOf(text));
    // One byte at a time: every CRLF, BOM and multi-byte character straddles two reads.
    expect(await streamTable(file, 1)).toEqual(tableOf(text));
  });

  it('when the file is Windows-1252 (French Excel), then its accents read as the same text in UTF-8 would', async () => {
    const text = 'supplier_id;name;city\r\nS1;Château Gaillard — Salle;Aix-en-Provence\r\n';
    const cp1252 = Buffer.from(new Uint8Array([...text].map((c) => (c === 'â' ? 0xe2 : c === '—' ? 0x97 : c.charCodeAt(0)))));
    const read = await streamTable(fileWith(cp1252), 3);
    expect(read).toEqual(tableOf(text));
    expect(read.ok && read.records[0]!.cells).toEqual(['S1', 'Château Gaillard — Salle', 'Aix-en-Provence']);
  });

  it('when an upload is Windows-1252, UTF-8 or UTF-8 with a BOM, then decodeCsvBytes gives the same text', () => {
    const text = 'a;b\r\nÉté;61,50\r\n';
    const cp1252 = Buffer.from(new Uint8Array([...text].map((c) => (c === 'É' ? 0xc9 : c === 'é' ? 0xe9 : c.charCodeAt(0)))));
    expect(decodeCsvBytes(cp1252)).toEqual({ text, encoding: 'windows-1252' });
    expect(decodeCsvBytes(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' });
  });

  it('when any text is cut into reads of any size, then the records are those of the whole text', async () => {
    const unit = fc.constantFrom('a', 'é', '𝕏', ' ', ',', '"', '\r', '\n', '\r\n', '\uFEFF', "'", '=');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 60 }), fc.integer({ min: 1, max: 9 }), async (text, chunkBytes) => {
        expect(await streamTable(fileWith(text), chunkBytes)).toEqual(tableOf(text));
      }),
      { numRuns: 300 },
    );
  });

  it('when the bytes are not UTF-8, then they are read as Windows-1252, exactly as an upload of the whole file is', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]);
    const file = fileWith(bytes);
    expect(await streamTable(file, 1)).toEqual(tableOf(decodeCsvBytes(bytes).text));
    expect(decodeCsvBytes(bytes).text).toBe('a,b\n1,Ã(ÿ\n');
  });

  it('when the consumer is asynchronous, then it gets every record in order, one at a time', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i},"line\n${i}"`);
    const file = fileWith(['n,text', ...lines].join('\r\n'));
    const seen: number[] = [];
    let busy = false;
    await readCsvFile(file, async (record) => {
      expect(busy).toBe(false);
      busy = true;
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(record.line);
      busy = false;
    });
    expect(seen).toEqual([1, ...lines.map((_, i) => 2 + 2 * i)]);
  });

  it('when the consumer fails, then reading stops with its error', async () => {
    const file = fileWith('a\n1\n2\n3\n');
    let calls = 0;
    await expect(
      readCsvFile(file, () => {
        if (++calls === 2) throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(calls).toBe(2);
  });

  it('when the file is missing, then the file system error comes through', async () => {
    await expect(readCsvFile(path.join(dir, 'nope.csv'), () => {})).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when the same bytes are read twice, then the digest is the same, and it changes with one byte', async () => {
    const file = fileWith('a,b\n1,2\n');
    const first = await readCsvFile(file, () => {});
    expect(await readCsvFile(file, () => {})).toBe(first);
    writeFileSync(file, 'a,b\n1,3\n');
    expect(await readCsvFile(file, () => {})).not.toBe(first);
  });
});

describe('FirstLineIndex', () => {
  it('when keys repeat, then each repeat gets the line its key was first seen on, exactly as a Map would', () => {
    const index = new FirstLineIndex();
    const map = new Map<string, number>();
    const keys = Array.from({ length: 60_000 }, (_, i) => `\u0000V${i % 45_000}\u0000space_hire_day\u0000${i % 3 ? 'A' : 'é𝕏'}`);
    const expected = keys.map((key, line) => {
      const first = map.get(key);
      if (first === undefined) map.set(key, line);
      return first;
    });
    expect(keys.map((key, line) => index.firstLine(key, line))).toEqual(expected);
    expect(index.size).toBe(map.size);
  });

  it('when two different keys have the same hash, then they are still told apart', () => {
    // "costarring" and "liquid" collide under 32-bit FNV-1a.
    const index = new FirstLineIndex();
    expect(index.firstLine('costarring', 2)).toBeUndefined();
    expect(index.firstLine('liquid', 3)).toBeUndefined();
    expect(index.firstLine('liquid', 4)).toBe(3);
    expect(index.firstLine('costarring', 5)).toBe(2);
  });

  it('when a key is long or empty, then it is kept like any other', () => {
    const index = new FirstLineIndex();
    const long = 'x'.repeat(5000) + 'é';
    expect(index.firstLine(long, 1)).toBeUndefined();
    expect(index.firstLine('', 2)).toBeUndefined();
    expect(index.firstLine(long, 3)).toBe(1);
    expect(index.firstLine('', 4)).toBe(2);
  });
});
