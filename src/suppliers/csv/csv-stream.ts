/** Streams one CSV file record by record, reading it exactly as readCsvTable reads a whole text. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { CsvError as CsvParseError, parse } from 'csv-parse';
import { CSV_PARSE_OPTIONS, CsvLineCounter, malformedCsv, type CsvRecord, type ParsedCsvRecord } from './csv-table';

/** The file cannot be read as CSV: the line where the bad record starts, and why. */
export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'MalformedCsvError';
  }
}

/**
 * Bytes → text with normaliseCsvText's rules applied chunk by chunk: a leading BOM dropped,
 * CRLF and lone CR turned into LF (a CR at the end of a chunk waits for the next one).
 * Also fingerprints the bytes, so a caller reading a file twice can tell it changed in between.
 */
class CsvTextNormaliser extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly hash = createHash('sha256');
  private atStart = true;
  private pendingCr = false;
  digest = '';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.pushText(this.decoder.write(chunk), false);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pushText(this.decoder.end(), true);
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
  const normaliser = new CsvTextNormaliser();
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
    await pipeline(createReadStream(file, { highWaterMark: options.chunkBytes ?? READ_CHUNK_BYTES }), normaliser, parse(CSV_PARSE_OPTIONS), consumer);
  } catch (err) {
    if (!(err instanceof CsvParseError)) throw err;
    const { line, message } = malformedCsv(err);
    throw new MalformedCsvError(line, message);
  }
  return normaliser.digest;
}
