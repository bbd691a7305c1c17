/** RFC 4180 reading and writing of one CSV file, with physical line numbers and formula protection. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { detectDelimiter, EXPORT_STAMP, type CsvDelimiter } from './csv-dialect';
import { problem, type CsvMessageKey, type CsvProblem } from './csv-problem';

export interface CsvRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  cells: string[];
}

export type CsvReadResult =
  /** `exportedAt`: the web export's stamp line, when the file still has it. */
  | { ok: true; header: CsvRecord; records: CsvRecord[]; exportedAt?: string | null; delimiter?: CsvDelimiter }
  | { ok: false; line: number; problem: CsvProblem };

/*
 * Spreadsheets run cells starting with = + - @ as formulas, so export prefixes them with `'`.
 * To keep export→import a no-op even for text that itself starts with `'` before such a
 * character, the writer adds one `'` to any run of `'` followed by = + - @, and the reader
 * removes exactly one from such a run. A lone `'=x` (the SPEC case) reads back as `=x`.
 */
const PROTECTED = /^'*[=+\-@]/;
const ESCAPED = /^'+[=+\-@]/;

export function protectCell(value: string): string {
  return PROTECTED.test(value) ? `'${value}` : value;
}

export function unprotectCell(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The record's own text: raw also holds the blank lines before it and its line break. */
function recordBody(raw: string): string {
  return raw.replace(/^\n+/, '').replace(/\n$/, '');
}

const QUOTING_MESSAGES: Record<string, CsvMessageKey> = {
  CSV_QUOTE_NOT_CLOSED: 'csv_quote_not_closed',
  CSV_INVALID_CLOSING_QUOTE: 'csv_closing_quote',
  INVALID_OPENING_QUOTE: 'csv_opening_quote',
};

/**
 * The same csv-parse options for a whole text and for a streamed file, so both read alike.
 * `raw` gives each record's text, from which lines are counted (CsvLineCounter); csv-parse's
 * own `info` would do it too, at the price of an object per record (half the parsing time).
 */
export const CSV_PARSE_OPTIONS = {
  raw: true,
  relax_column_count: true,
  skip_empty_lines: true,
} as const;

/** The same options, with the file's own delimiter (`;` when French spreadsheets saved it). */
export function csvParseOptions(delimiter: CsvDelimiter) {
  return { ...CSV_PARSE_OPTIONS, delimiter };
}

/** What csv-parse yields with raw on (its typings still say string[]). */
export interface ParsedCsvRecord {
  record: string[];
  raw: string;
}

/**
 * Line breaks are normalised before parsing because csv-parse miscounts lines on CRLF input;
 * a CRLF inside a quoted cell therefore reads back as LF. The stream reader does the same
 * chunk by chunk (csv-stream.ts).
 */
export function normaliseCsvText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Gives each record of one reading its physical starting line. A record's raw text holds
 * everything read since the previous record (the blank lines skipped before it, its own line
 * breaks inside quoted cells, its final line break), so counting line breaks is exact.
 */
export class CsvLineCounter {
  private linesBefore = 0;
  private seenRecord = false;
  /** The export stamp's time when the file starts with one (it is not a record). */
  exportedAt: string | null = null;

  /** Cells trimmed and unprotected; undefined for a row whose cells are all empty (spreadsheets export those). */
  next({ record, raw }: ParsedCsvRecord): CsvRecord | undefined {
    let blank = 0;
    while (raw.charCodeAt(blank) === 10) blank++;
    const line = this.linesBefore + blank + 1;
    this.linesBefore += countNewlines(raw);
    const cells = record.map((c) => unprotectCell(c.trim()));
    if (cells.every((c) => c === '')) return undefined;
    if (!this.seenRecord) {
      this.seenRecord = true;
      const stamp = EXPORT_STAMP.exec(cells[0] ?? '');
      if (stamp && cells.slice(1).every((c) => c === '')) {
        this.exportedAt = new Date(stamp[1]!).toISOString();
        return undefined;
      }
    }
    return { line, cells };
  }
}

/** A csv-parse error as the line where the bad record starts and a message for people. */
export function malformedCsv(err: unknown): { line: number; problem: CsvProblem } {
  const e = err as { code?: string; lines?: number; raw?: string; message?: string };
  const line = e.lines === undefined ? 1 : e.lines - countNewlines(recordBody(e.raw ?? ''));
  const known = Object.hasOwn(QUOTING_MESSAGES, e.code ?? '') ? QUOTING_MESSAGES[e.code!] : undefined;
  return { line, problem: known ? problem(known) : problem('csv_malformed', { detail: String(e.message) }) };
}

export const MISSING_HEADER = { line: 1, problem: problem('csv_missing_header') } as const;

/**
 * Reads a whole CSV text. Cells are trimmed and unprotected. Blank lines and rows whose
 * cells are all empty are skipped.
 */
export function readCsvTable(text: string): CsvReadResult {
  let parsed: ParsedCsvRecord[];
  const normalised = normaliseCsvText(text);
  const delimiter = detectDelimiter(normalised);
  try {
    parsed = parse(normalised, csvParseOptions(delimiter)) as unknown as ParsedCsvRecord[];
  } catch (err) {
    return { ok: false, ...malformedCsv(err) };
  }
  const lines = new CsvLineCounter();
  const records: CsvRecord[] = [];
  for (const p of parsed) {
    const record = lines.next(p);
    if (record) records.push(record);
  }
  const [header, ...rest] = records;
  if (!header) return { ok: false, ...MISSING_HEADER };
  return { ok: true, header, records: rest, exportedAt: lines.exportedAt, delimiter };
}

/** Writes a header and rows of plain strings, `\n` line ends, every cell formula-protected. */
export function writeCsvTable(columns: readonly string[], rows: string[][]): string {
  return stringify([columns.slice(), ...rows.map((r) => r.map(protectCell))], { record_delimiter: '\n' });
}
