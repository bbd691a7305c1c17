/** Reads the cells of one record by column name, collecting every error instead of stopping. */
import { csvError, type CatalogueFile, type CsvError } from './catalogue-columns';
import { problem, type CsvProblem } from './csv-problem';
import type { CellResult } from './cell-values';

/** The database's column widths (see the create_schema migration): PostgreSQL refuses longer values. */
const MAX_LENGTH: Record<string, number> = { name: 300, city: 120, email: 254, phone: 60, reason: 300 };
const DEFAULT_MAX_LENGTH = 2000;

export class RowReader {
  private failures = 0;

  constructor(
    readonly file: CatalogueFile,
    readonly line: number,
    private readonly cells: Record<string, string>,
    private readonly errors: CsvError[],
  ) {}

  /** True when no error was reported for this row: only then is the row kept. */
  get ok(): boolean {
    return this.failures === 0;
  }

  fail(column: string, p: CsvProblem): undefined {
    this.failures++;
    this.errors.push(csvError(this.file, this.line, column, p));
    return undefined;
  }

  raw(column: string): string {
    const cell = this.cells[column] ?? '';
    const max = MAX_LENGTH[column] ?? DEFAULT_MAX_LENGTH;
    if (cell.length > max) {
      this.fail(column, problem('csv_too_long', { max }));
      return cell.slice(0, max);
    }
    // PostgreSQL text cannot hold U+0000: refused on both databases, and the row is not kept.
    if (!cell.includes('\u0000')) return cell;
    this.fail(column, problem('csv_nul'));
    return cell.replace(/\u0000/g, '');
  }

  /** Empty cell → null; otherwise the parsed value, or undefined after reporting an error. */
  optional<T>(column: string, parser: (raw: string) => CellResult<T>): T | null | undefined {
    const raw = this.raw(column);
    if (raw === '') return null;
    const result = parser(raw);
    return 'error' in result ? this.fail(column, result.error) : result.value;
  }

  required<T>(column: string, parser: (raw: string) => CellResult<T>): T | undefined {
    const value = this.optional(column, parser);
    return value === null ? this.fail(column, problem('csv_required')) : value;
  }

  text(column: string): string | undefined {
    return this.required(column, (raw) => ({ value: raw }));
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], what: string): T | undefined {
    return this.required(column, (raw) =>
      (allowed as readonly string[]).includes(raw)
        ? { value: raw as T }
        : { error: problem('csv_unknown_value', { what, raw, allowed: allowed.join(', ') }) },
    );
  }
}
