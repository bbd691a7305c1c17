import { formatPriceCents, parseDate, parsePriceCents, parseVat, type CellResult } from '../../src/suppliers/csv/cell-values';
import { problemText } from '../../src/suppliers/csv/csv-problem';

/** A parser's refusal as the English sentence the CLI prints. */
const inEnglish = <T>(r: CellResult<T>) => ('error' in r ? { error: problemText('en', r.error) } : r);
import { protectCell, readCsvTable, readCsvTable as readTable, unprotectCell } from '../../src/suppliers/csv/csv-table';

describe('parsePriceCents', () => {
  it.each([
    ['12.3', 1230],
    ['12', 1200],
    ['0.05', 5],
    ['0', 0],
    ['0.1', 10],
    ['1234.56', 123456],
    // 0.29 * 100 is 28.999999999999996 in floating point: string parsing must not go there.
    ['0.29', 29],
    ['1.15', 115],
    ['4.35', 435],
    ['61,50', 6150],
    ['12,3', 1230],
    ['1\u202f234,50', 123450],
    ['1 234', 123400],
  ])('when the cell is %s, then it is exactly %i cents', (raw, cents) => {
    expect(parsePriceCents(raw)).toEqual({ value: cents });
  });

  it.each([
    ['abc', '"abc" is not a price in euros (e.g. 123.45 or 123,45)'],
    ['12.345', '"12.345" has more than two decimals'],
    ['-5', '"-5" is negative: prices must be ≥ 0'],
    ['-5.50', '"-5.50" is negative: prices must be ≥ 0'],
    ['12,345', '"12,345" has more than two decimals'],
    ['12,3,4', '"12,3,4" is not a price in euros (e.g. 123.45 or 123,45)'],
    ['12.', '"12." is not a price in euros (e.g. 123.45 or 123,45)'],
    ['1e3', '"1e3" is not a price in euros (e.g. 123.45 or 123,45)'],
  ])('when the cell is %s, then it is refused', (raw, error) => {
    expect(inEnglish(parsePriceCents(raw))).toEqual({ error });
  });

  it('when cents are formatted, then two decimals are always written', () => {
    expect([0, 5, 10, 1230, 123456].map(formatPriceCents)).toEqual(['0.00', '0.05', '0.10', '12.30', '1234.56']);
  });
});

describe('parseVat and parseDate', () => {
  it('when a VAT rate is one of the SPEC rates in any harmless spelling, then it is accepted', () => {
    expect(['0', '2.1', '5.5', '10', '20', '20.0', '5.50'].map(parseVat)).toEqual(
      [0, 2.1, 5.5, 10, 20, 20, 5.5].map((value) => ({ value })),
    );
    expect(inEnglish(parseVat('19.6'))).toEqual({ error: '"19.6" is not an allowed VAT rate (0, 2.1, 5.5, 10, 20)' });
  });

  it('when a date does not exist, then it is refused', () => {
    expect(parseDate('2028-02-29')).toEqual({ value: '2028-02-29' });
    expect(inEnglish(parseDate('2027-02-29'))).toEqual({ error: '"2027-02-29" is not a real date' });
    expect(inEnglish(parseDate('2027-04-31'))).toEqual({ error: '"2027-04-31" is not a real date' });
    expect(inEnglish(parseDate('2027-00-10'))).toEqual({ error: '"2027-00-10" is not a real date' });
    expect(inEnglish(parseDate('10/03/2027'))).toEqual({ error: '"10/03/2027" is not a date (YYYY-MM-DD)' });
  });
});

describe('readCsvTable', () => {
  it('when records span several lines or follow blank lines, then each keeps its physical starting line', () => {
    const text = '\uFEFFa,b\r\n1,"x\r\ny"\r\n\r\n3,4\r\n,\r\n5,"p\n\nq"\n6,7';
    const table = readCsvTable(text);
    if (!table.ok) throw new Error(table.problem.key);
    expect(table.header).toEqual({ line: 1, cells: ['a', 'b'] });
    expect(table.records).toEqual([
      { line: 2, cells: ['1', 'x\ny'] },
      { line: 5, cells: ['3', '4'] },
      { line: 7, cells: ['5', 'p\n\nq'] },
      { line: 10, cells: ['6', '7'] },
    ]);
  });

  it('when quoting is broken, then the line where the bad record starts is reported', () => {
    const readCsvTable = (text: string) => {
      const read = readTable(text);
      return read.ok ? read : { ok: false, line: read.line, message: problemText('en', read.problem) };
    };
    expect(readCsvTable('a,b\n1,2\n3,"x\n4,5\n')).toEqual({
      ok: false,
      line: 3,
      message: 'malformed CSV: a quoted cell is never closed',
    });
    expect(readCsvTable('a,b\n1,2\n3,"x\ny"z\n4,5\n')).toEqual({
      ok: false,
      line: 3,
      message: 'malformed CSV: a closing quote must be followed by a comma or the end of the line',
    });
    expect(readCsvTable('a,b\n1,2\n3,x"y\n')).toEqual({
      ok: false,
      line: 3,
      message: 'malformed CSV: a quote inside an unquoted cell (quote the whole cell and double the quote)',
    });
  });

  it('when a cell was formula-protected, then exactly one leading quote is removed', () => {
    for (const value of ['=SUM(A1)', '+33 4 65 71 00 00', '-x', '@me', "'=x", "''+y", "'plain", 'plain']) {
      expect(unprotectCell(protectCell(value))).toBe(value);
    }
    expect(protectCell('=1+1')).toBe("'=1+1");
    expect(unprotectCell("'=1+1")).toBe('=1+1');
    expect(unprotectCell("'abc")).toBe("'abc");
  });
});
