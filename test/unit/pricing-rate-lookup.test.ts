import { findRate, indexRates } from '../../src/pricing/rate-lookup';
import { hire, rate } from '../support/catalogue-factory';

describe('findRate', () => {
  const seasons = indexRates([
    rate('V', 'lunch', 3000, { validFrom: '2027-01-01', validTo: '2027-03-31' }),
    rate('V', 'lunch', 3500, { validFrom: '2027-04-01', validTo: '2027-09-30' }),
    rate('V', 'lunch', 2800, { validFrom: '2027-10-01', validTo: null }),
  ]);

  it('when the start date falls in a season, then that season’s rate applies', () => {
    expect(findRate(seasons, 'V', 'lunch', '2027-02-10')?.priceCents).toBe(3000);
    expect(findRate(seasons, 'V', 'lunch', '2027-06-10')?.priceCents).toBe(3500);
  });

  it('when the start date is the valid_to day, then the rate still applies (inclusive)', () => {
    expect(findRate(seasons, 'V', 'lunch', '2027-03-31')?.priceCents).toBe(3000);
    expect(findRate(seasons, 'V', 'lunch', '2027-04-01')?.priceCents).toBe(3500);
  });

  it('when valid_to is empty, then the rate is open-ended', () => {
    expect(findRate(seasons, 'V', 'lunch', '2035-12-31')?.priceCents).toBe(2800);
  });

  it('when the date is before every valid_from, then there is no rate', () => {
    expect(findRate(seasons, 'V', 'lunch', '2026-12-31')).toBeNull();
    expect(findRate(seasons, 'V', 'dinner', '2027-02-10')).toBeNull();
    expect(findRate(seasons, 'W', 'lunch', '2027-02-10')).toBeNull();
  });

  it('when validities overlap, then the latest valid_from wins whatever the input order', () => {
    const overlapping = indexRates([
      rate('V', 'dinner', 9000, { validFrom: '2027-03-01', validTo: '2027-03-31' }),
      rate('V', 'dinner', 5000, { validFrom: '2026-01-01', validTo: null }),
      rate('V', 'dinner', 7000, { validFrom: '2027-01-01', validTo: '2027-12-31' }),
    ]);
    expect(findRate(overlapping, 'V', 'dinner', '2027-03-10')?.priceCents).toBe(9000);
    expect(findRate(overlapping, 'V', 'dinner', '2027-04-01')?.priceCents).toBe(7000);
    expect(findRate(overlapping, 'V', 'dinner', '2026-06-01')?.priceCents).toBe(5000);
  });

  it('when a newer rate has already ended, then the older covering one applies', () => {
    const ended = indexRates([
      rate('V', 'av_day', 100, { validFrom: '2026-01-01', validTo: null }),
      rate('V', 'av_day', 200, { validFrom: '2027-01-01', validTo: '2027-01-31' }),
    ]);
    expect(findRate(ended, 'V', 'av_day', '2027-02-01')?.priceCents).toBe(100);
  });

  it('when space hire is looked up, then only the rate of that space counts', () => {
    const hires = indexRates([hire('V', 'A', 100_000), hire('V', 'B', 50_000)]);
    expect(findRate(hires, 'V', 'space_hire_day', '2027-03-10', 'A')?.priceCents).toBe(100_000);
    expect(findRate(hires, 'V', 'space_hire_day', '2027-03-10', 'B')?.priceCents).toBe(50_000);
    expect(findRate(hires, 'V', 'space_hire_day', '2027-03-10', 'C')).toBeNull();
  });
});
