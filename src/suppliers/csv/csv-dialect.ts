/**
 * The two ways a SPEC §3 file reaches us (§3): UTF-8 with commas, or as French spreadsheet
 * programs save it — `;`-separated, Windows-1252 or UTF-8 with a BOM, decimal commas.
 * Pure: bytes and text in, the dialect out.
 */
import { TextDecoder } from 'node:util';
export type CsvDelimiter = ',' | ';';
export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * The web export's first line, `#exported_at=<ISO time>`: it travels with the file, so an upload
 * can tell which edits were made after it was exported. Spreadsheets keep it in cell A1
 * (`;`-saved: followed by empty cells), so only the first cell is looked at.
 */
export const EXPORT_STAMP = /^#\s*exported_at\s*[=:]\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)\s*$/;

export function exportStampLine(at: Date): string {
  return `#exported_at=${at.toISOString()}\n`;
}

/** Read from the header row (the first line that is neither blank nor the export stamp). */
export function detectDelimiter(text: string): CsvDelimiter {
  for (const line of text.split('\n', 50)) {
    const firstCell = line.split(/[;,]/, 1)[0] ?? '';
    if (line.trim() === '' || EXPORT_STAMP.test(firstCell.trim())) continue;
    return line.includes(';') && !line.includes(',') ? ';' : ',';
  }
  return ',';
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8 when the bytes start with a BOM or are valid UTF-8 (a multi-byte character cut at the
 * end of `prefix` does not count against it), else Windows-1252, which every byte decodes in.
 */
export function detectEncoding(prefix: Uint8Array, complete: boolean): CsvEncoding {
  if (BOM.every((b, i) => prefix[i] === b)) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** A whole uploaded file's bytes as text, BOM dropped. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const encoding = detectEncoding(bytes, true);
  return { text: new TextDecoder(encoding).decode(bytes).replace(/^\uFEFF/, ''), encoding };
}
