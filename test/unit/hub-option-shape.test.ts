import { briefSchema } from '../../src/core/brief-schema';
import { prepareCatalogue } from '../../src/matching/match-venues';
import { buildQuoteDraft } from '../../src/matching/build-quote-draft';
import { priceShape, searchVenues, shapeKey, shapeOf, type OptionShape } from '../../src/hub/option-shape';
import { resolveShapes } from '../../src/hub/quote-shapes';
import { fieldName, type QuoteEdit } from '../../src/hub/quote-editor';
import { settings } from '../support/catalogue-factory';
import { deskBrief, deskCatalogue } from '../integration/desk-shape-fixtures';

/** Issues 13 and 15: an option's date set and breakout rooms changed on the desk, or built by hand, priced with the usual rules. */
const brief = (overrides: Record<string, unknown> = {}, lang: 'en' | 'fr' = 'en') => briefSchema('2027-01-15').parse(deskBrief(overrides, lang));
const prepared = prepareCatalogue(deskCatalogue());
const fields = { option: 'o1', space: 'o1_space', dates: 'o1_dates', breakout: (i: number) => `o1_b${i}` };
const at = { now: settings().now, rateStaleDays: 45 };
const shape = (over: Partial<OptionShape> = {}): OptionShape => ({ supplierId: 'PALAIS-T', spaceId: 'AMPHI', dates: '2027-03-10/2027-03-12', breakoutSpaceIds: ['CALANQUE'], ...over });

describe('priceShape', () => {
  it('when the shape is the one the matcher chose, then the option is the drafted option, to the cent', () => {
    const drafted = buildQuoteDraft(brief(), prepared, settings()).options[0]!;
    expect(drafted.venue.breakout_space_ids).toEqual(['CALANQUE']);
    const out = priceShape(brief(), prepared, shape(), 1, fields, at);
    expect(out).toEqual({ ok: true, option: drafted });
    // 3 days × 1 000,00 € + 3 days × 200,00 €, VAT 20 %.
    expect(out.ok && out.option.totals).toEqual({ net_cents: 360_000, vat_cents: 72_000, gross_cents: 432_000 });
  });

  it('when staff move the option to the alternative dates and another breakout room, then it is priced on that season and room', () => {
    const out = priceShape(brief(), prepared, shape({ dates: '2027-04-07/2027-04-09', breakoutSpaceIds: ['FRIOUL'] }), 1, fields, at);
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    const o = out.option;
    expect(o.dates).toEqual({ start_date: '2027-04-07', end_date: '2027-04-09' });
    expect(o.venue.breakout_space_ids).toEqual(['FRIOUL']);
    expect(o.lines.map((l) => [l.item, l.space_id, l.quantity, l.unit_price_cents, l.net_cents])).toEqual([
      ['space_hire_day', 'AMPHI', 3, 120_000, 360_000],
      ['space_hire_day', 'FRIOUL', 3, 30_000, 90_000],
    ]);
    expect(o.totals).toEqual({ net_cents: 450_000, vat_cents: 90_000, gross_cents: 540_000 });
    // The dates reason says why this set, in the organiser's language: the same rooms on the main dates cost
    // 3 × 100 000 + 3 × 30 000 = 390 000 net, 468 000 gross; here 540 000 gross, so 72 000 more.
    expect(o.reasons.find((r) => r.criterion === 'dates')!.detail).toBe('7–9 April 2027; €720.00 more than on 10–12 March 2027');
    const fr = priceShape(brief({}, 'fr'), prepared, shape({ dates: '2027-04-07/2027-04-09', breakoutSpaceIds: ['FRIOUL'] }), 1, fields, at);
    expect(fr.ok && fr.option.reasons.find((r) => r.criterion === 'dates')!.detail.replace(/[\u202f\u00a0]/g, ' ')).toBe('7–9 avril 2027 ; 720,00 € de plus que du 10–12 mars 2027');
  });

  it('when the dates are not one of the brief\'s sets, then the error says which sets there are and nothing is priced', () => {
    expect(priceShape(brief(), prepared, shape({ dates: '2027-05-05/2027-05-07' }), 1, fields, at)).toEqual({
      ok: false,
      errors: [{ field: 'o1_dates', message: "option 1: the dates must be one of the brief's date sets (10–12 March 2027; 7–9 April 2027)" }],
    });
  });

  it.each([
    ['AMPHI', 'option 1, breakout room 1: Grand Amphi is the plenary room; choose another space'],
    ['CABINET', 'option 1, breakout room 1: Cabinet seats 10 in classroom layout; breakouts need 25'],
    ['ORANGERIE', 'option 1, breakout room 1: "ORANGERIE" is not a space of Palais Test'],
    ['', 'option 1, breakout room 1: choose a space (the brief needs 1 breakout room)'],
  ])('when breakout room 1 is %j, then the error is precise', (id, message) => {
    expect(priceShape(brief(), prepared, shape({ breakoutSpaceIds: [id] }), 1, fields, at)).toEqual({ ok: false, errors: [{ field: 'o1_b0', message }] });
  });

  it('when two breakouts are the same room, or the plenary is too small, then each problem is named', () => {
    const two = brief({ breakouts: { rooms: 2, attendees: 25, layout: 'classroom' } });
    expect(priceShape(two, prepared, shape({ spaceId: 'FRIOUL', breakoutSpaceIds: ['CALANQUE', 'CALANQUE'] }), 1, fields, at)).toEqual({
      ok: false,
      errors: [
        { field: 'o1_space', message: 'option 1: Salle Frioul is not offered in theatre layout' },
        { field: 'o1_b1', message: 'option 1, breakout room 2: Salle Calanque is already breakout room 1' },
      ],
    });
  });

  it('when a hand-built option misses a hard criterion, then it is still priced and its reasons say which', () => {
    const nice = brief({ destinations: ['Nice'], non_negotiable: ['destinations'] });
    expect(buildQuoteDraft(nice, prepared, settings()).options).toEqual([]);
    const out = priceShape(nice, prepared, shape(), 1, fields, at);
    expect(out.ok && out.option.reasons.find((r) => r.criterion === 'destinations')).toEqual({ criterion: 'destinations', met: false, hard: true, detail: 'Marseille, not in Nice' });
    expect(out.ok && out.option.totals.gross_cents).toBe(432_000);
  });
});

describe('resolveShapes', () => {
  const b = brief();
  const base = buildQuoteDraft(b, prepared, settings()).options;
  const ctx = { brief: b, prepared, settings: at };
  const edit = (over: Partial<QuoteEdit['options'][number]> = {}): QuoteEdit => ({
    baseVersion: 1,
    note: '',
    options: base.map((o, i) => ({ rank: o.rank, lines: o.lines.map((l) => ({ quantity: String(l.quantity), unitPrice: (l.unit_price_cents / 100).toFixed(2), remove: false })), custom: [], linesFor: shapeKey(shapeOf(o, b)), ...(i === 0 ? over : {}) })),
  });

  it('when the shape is unchanged, then the base option and the typed lines stay', () => {
    const typed = edit({ lines: [{ quantity: '2', unitPrice: '1000.00', remove: false }, { quantity: '3', unitPrice: '200.00', remove: false }] });
    const out = resolveShapes(base, typed, ctx);
    expect(out.errors).toEqual([]);
    expect(out.basis[0]).toBe(base[0]);
    expect(out.edit.options[0]!.lines[0]!.quantity).toBe('2');
  });

  it('when the dates change, then the option is priced afresh and line inputs of the old lines are dropped', () => {
    const changed = edit({ shape: { supplierId: null, spaceId: null, dates: '2027-04-07/2027-04-09', breakoutSpaceIds: ['FRIOUL'] }, lines: [{ quantity: '2', unitPrice: '1.00', remove: false }, { quantity: '3', unitPrice: '1.00', remove: false }] });
    const out = resolveShapes(base, changed, ctx);
    expect(out.errors).toEqual([]);
    expect(out.basis[0]!.totals.gross_cents).toBe(540_000);
    expect(out.edit.options[0]!.lines).toEqual([
      { quantity: '3', unitPrice: '1200.00', remove: false },
      { quantity: '3', unitPrice: '300.00', remove: false },
    ]);
    expect(out.edit.options[0]!.linesFor).toBe('PALAIS-T|AMPHI|2027-04-07/2027-04-09|FRIOUL');
  });

  it('when a shape is wrong, then the base option stays and the error names its field', () => {
    const out = resolveShapes(base, edit({ shape: { supplierId: null, spaceId: null, dates: 'soon', breakoutSpaceIds: null } }), ctx);
    expect(out.basis[0]).toBe(base[0]);
    expect(out.errors.map((e) => e.field)).toEqual([fieldName.dates(1)]);
  });
});

describe('searchVenues', () => {
  it('finds venues by name or city, accents and case ignored', () => {
    expect(searchVenues(prepared, 'palais').map((v) => v.supplierId)).toEqual(['PALAIS-T']);
    expect(searchVenues(prepared, 'AIX').map((v) => v.supplierId)).toEqual(['DOMAINE-T']);
    expect(searchVenues(prepared, 'marséille').map((v) => v.supplierId)).toEqual(['PALAIS-T']);
    expect(searchVenues(prepared, '  ')).toEqual([]);
  });
});
