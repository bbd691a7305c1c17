import { parseCatalogueFiles, formatCsvError } from '../../src/suppliers/csv';

const existing = { supplierIds: new Set(['PALAIS']), spaceKeys: new Set<string>(), supplierKinds: new Map([['PALAIS', 'convention_centre' as const]]) };

describe('catalogue cell lengths', () => {
  it('when a cell is longer than its database column, then the row is refused by column instead of failing in PostgreSQL', () => {
    const long = 'x'.repeat(301);
    const { errors } = parseCatalogueFiles({ 'spaces.csv': `supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom\nPALAIS,A,${long},100,,,,,\n` }, existing);
    expect(errors.map(formatCsvError)).toEqual(['spaces.csv:2: name: must be at most 300 characters']);
  });

  it('when a cell is exactly as long as its column, then it is accepted', () => {
    const { errors, catalogue } = parseCatalogueFiles(
      { 'spaces.csv': `supplier_id,space_id,name,theatre,classroom,banquet,cabaret,reception,boardroom\nPALAIS,A,${'x'.repeat(300)},100,,,,,\n` },
      existing,
    );
    expect(errors).toEqual([]);
    expect(catalogue.spaces?.[0]?.name).toHaveLength(300);
  });
});
