/** RFC 4180 reading and writing of one CSV file, with physical line numbers and formula protection. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface CsvRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  cells: string[];
}

export type CsvReadResult =
  | { ok: true; header: CsvRecord; records: CsvRecord[] }
  | { ok: false; line: number; message: string };

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
  for (const c of s) if (c === '\n') n++;
  return n;
}

/** The record's own text: raw also holds the blank lines before it and its line break. */
function recordBody(raw: string): string {
  return raw.replace(/^\n+/, '').replace(/\n$/, '');
}

const QUOTING_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'malformed CSV: a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'malformed CSV: a closing quote must be followed by a comma or the end of the line',
  INVALID_OPENING_QUOTE: 'malformed CSV: a quote inside an unquoted cell (quote the whole cell and double the quote)',
};

/**
 * Reads a whole CSV text. Cells are trimmed and unprotected. Blank lines and rows whose
 * cells are all empty (spreadsheets export those) are skipped.
 */
export function readCsvTable(text: string): CsvReadResult {
  // csv-parse miscounts lines on CRLF input, so line breaks are normalised first; a CRLF
  // inside a quoted cell therefore reads back as LF.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // With info and raw on, csv-parse yields {record, raw, info} but its typings still say string[][].
    parsed = parse(normalised, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (err) {
    const e = err as { code?: string; lines?: number; raw?: string; message?: string };
    const line = e.lines === undefined ? 1 : e.lines - countNewlines(recordBody(e.raw ?? ''));
    return { ok: false, line, message: QUOTING_MESSAGES[e.code ?? ''] ?? `malformed CSV: ${e.message}` };
  }
  const records: CsvRecord[] = [];
  for (const { record, raw, info } of parsed) {
    // info.lines is where the record ends; walk back over the line breaks inside it.
    const body = recordBody(raw);
    const cells = record.map((c) => unprotectCell(c.trim()));
    if (cells.every((c) => c === '')) continue;
    records.push({ line: info.lines - countNewlines(body), cells });
  }
  const [header, ...rest] = records;
  if (!header) return { ok: false, line: 1, message: 'missing header row' };
  return { ok: true, header, records: rest };
}

/** Writes a header and rows of plain strings, `\n` line ends, every cell formula-protected. */
export function writeCsvTable(columns: readonly string[], rows: string[][]): string {
  return stringify([columns.slice(), ...rows.map((r) => r.map(protectCell))], { record_delimiter: '\n' });
}
