/** Streams one CSV file record by record, reading it exactly as readCsvTable reads a whole text. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError as CsvParseError, parse } from 'csv-parse';
import { csvParseOptions, CsvLineCounter, malformedCsv, type CsvRecord, type ParsedCsvRecord } from './csv-table';
import { detectDelimiter, detectEncoding, type CsvEncoding } from './csv-dialect';
import { problemText, type CsvProblem } from './csv-problem';

/** The file cannot be read as CSV: the line where the bad record starts, and why. */
export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    readonly problem: CsvProblem,
  ) {
    super(problemText('en', problem));
    this.name = 'MalformedCsvError';
  }
}

/**
 * Bytes → text with normaliseCsvText's rules applied chunk by chunk: a leading BOM dropped,
 * CRLF and lone CR turned into LF (a CR at the end of a chunk waits for the next one).
 * Also fingerprints the bytes, so a caller reading a file twice can tell it changed in between.
 */
class CsvTextNormaliser extends Transform {
  private readonly decoder: TextDecoder;
  private readonly hash = createHash('sha256');
  private atStart = true;
  private pendingCr = false;
  digest = '';

  constructor(encoding: CsvEncoding) {
    super();
    this.decoder = new TextDecoder(encoding, { ignoreBOM: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.pushText(this.decoder.decode(chunk, { stream: true }), false);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pushText(this.decoder.decode(), true);
    this.digest = this.hash.digest('hex');
    done();
  }

  private pushText(decoded: string, last: boolean): void {
    let text = (this.pendingCr ? '\r' : '') + decoded;
    this.pendingCr = false;
    if (this.atStart && text !== '') {
      text = text.replace(/^\uFEFF/, '');
      this.atStart = false;
    }
    if (!last && text.endsWith('\r')) {
      this.pendingCr = true;
      text = text.slice(0, -1);
    }
    if (text !== '') this.push(text.replace(/\r\n?/g, '\n'));
  }
}

/**
 * Small reads: the parser turns a whole chunk into records at once, and records waiting for a
 * slow (asynchronous) consumer would outlive the young generation and be promoted by the GC.
 */
const READ_CHUNK_BYTES = 16 * 1024;

/** Enough of the file to see its header row and judge its encoding (SPEC §3 dialects). */
const SNIFF_BYTES = 64 * 1024;

async function sniffDialect(file: string) {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const prefix = buffer.subarray(0, bytesRead);
    const encoding = detectEncoding(prefix, bytesRead < SNIFF_BYTES);
    const text = new TextDecoder(encoding).decode(prefix).replace(/\r\n?/g, '\n');
    return { encoding, delimiter: detectDelimiter(text) };
  } finally {
    await handle.close();
  }
}

/**
 * Hands each record of a CSV file (header first, blank rows skipped, with its physical starting
 * line) to `onRecord` as the parser produces it; when `onRecord` returns a promise, reading
 * waits for it. Rejects with MalformedCsvError at a quoting error, after the records before it.
 * Resolves with the sha256 of the file's bytes.
 */
export async function readCsvFile(
  file: string,
  onRecord: (record: CsvRecord) => void | Promise<void>,
  /** Tests make it tiny, so that line breaks, BOMs and characters straddle reads. */
  options: { chunkBytes?: number } = {},
): Promise<string> {
  const dialect = await sniffDialect(file);
  const normaliser = new CsvTextNormaliser(dialect.encoding);
  const lines = new CsvLineCounter();
  const consumer = new Writable({
    objectMode: true,
    // A synchronous onRecord runs while the parser is still on the same chunk: nothing queues.
    write(parsed: ParsedCsvRecord, _encoding, done) {
      const record = lines.next(parsed);
      if (!record) return done();
      let pending: void | Promise<void>;
      try {
        pending = onRecord(record);
      } catch (err) {
        return done(err as Error);
      }
      if (pending) pending.then(() => done(), done);
      else done();
    },
  });
  try {
    await pipeline(createReadStream(file, { highWaterMark: options.chunkBytes ?? READ_CHUNK_BYTES }), normaliser, parse(csvParseOptions(dialect.delimiter)), consumer);
  } catch (err) {
    if (!(err instanceof CsvParseError)) throw err;
    const { line, problem } = malformedCsv(err);
    throw new MalformedCsvError(line, problem);
  }
  return normaliser.digest;
}
