import { startTestApp, type TestApp } from '../support/test-app';
import { rate } from '../support/catalogue-factory';
import { fullBrief, regionCatalogue, seed, submit } from './quote-fixtures';

const str = expect.any(String);
const num = expect.any(Number);
const bool = expect.any(Boolean);

describe('GET /api/briefs/:ref after quoting (SPEC §8)', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  it('when a brief is sent, then the JSON has exactly the keys and types of §8', async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    const ref = await submit(app, fullBrief('en'));
    const body = await app.waitForStatus(ref, ['sent']);
    // §8's keys, and `outcome` since §9.8.
    expect(Object.keys(body).sort()).toEqual(['brief', 'outcome', 'quote', 'quoted_at', 'received_at', 'ref', 'review_reasons', 'sent_at', 'sla_due_at', 'status']);
    expect(body).toEqual({ ref, status: 'sent', received_at: str, sla_due_at: str, quoted_at: str, sent_at: str, review_reasons: [], brief: expect.any(Object), quote: expect.any(Object), outcome: expect.any(Object) });
    const quote = body.quote as Record<string, unknown> & { options: Record<string, unknown>[] };
    expect(Object.keys(quote).sort()).toEqual(['currency', 'options', 'version']);
    expect(quote).toMatchObject({ version: 1, currency: 'EUR' });
    expect(quote.options).toHaveLength(2);
    for (const option of quote.options) {
      expect(Object.keys(option).sort()).toEqual(['dates', 'lines', 'rank', 'reasons', 'score', 'stale_rates', 'totals', 'venue']);
      expect(option).toEqual({
        rank: num, score: num, stale_rates: false,
        venue: { supplier_id: str, name: str, city: 'Marseille', space_id: str, breakout_space_ids: [] },
        dates: { start_date: str, end_date: str },
        reasons: expect.any(Array), lines: expect.any(Array),
        totals: { net_cents: num, vat_cents: num, gross_cents: num },
      });
      const reasons = option.reasons as Record<string, unknown>[];
      expect(reasons.map((r) => r.criterion)).toEqual(['destinations', 'venue_types', 'budget', 'accessible', 'quality_label', 'dates', 'onsite_accommodation']);
      for (const r of reasons) expect(r).toEqual({ criterion: str, met: bool, hard: bool, detail: str });
      for (const line of option.lines as Record<string, unknown>[]) {
        expect(Object.keys(line).sort()).toEqual(['description', 'gross_cents', 'item', 'net_cents', 'quantity', 'space_id', 'supplier_id', 'unit_price_cents', 'vat_cents', 'vat_pct']);
        expect(line).toEqual({
          supplier_id: str, item: str, space_id: null, description: str, quantity: num,
          unit_price_cents: num, vat_pct: num, net_cents: num, vat_cents: num, gross_cents: num,
        });
      }
    }
    expect(quote.options[0]).toMatchObject({
      rank: 1,
      venue: { supplier_id: 'PALAIS', space_id: 'AUDI' },
      lines: [
        { supplier_id: 'PALAIS', item: 'day_delegate', quantity: 840, unit_price_cents: 6500, vat_pct: 20, net_cents: 5_460_000, vat_cents: 1_092_000, gross_cents: 6_552_000 },
        { supplier_id: 'TRAITEUR', item: 'dinner', quantity: 280, net_cents: 1_540_000, vat_cents: 154_000 },
        { supplier_id: 'HOTEL', item: 'bedroom_single_night', quantity: 40, net_cents: 360_000 },
        { supplier_id: 'SONO', item: 'av_day', quantity: 3, net_cents: 120_000 },
      ],
      totals: { net_cents: 7_480_000, vat_cents: 1_306_000, gross_cents: 8_786_000 },
    });
  });

  it('when a rate changes after sending, then the brief still shows the prices that were sent', async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    const ref = await submit(app, fullBrief('en'));
    const before = await app.waitForStatus(ref, ['sent']);
    await seed(app.services, { suppliers: [], spaces: [], blackouts: [], rates: [rate('PALAIS', 'day_delegate', 9900)] });
    const after = (await (await app.api(`/api/briefs/${ref}`)).json()) as Record<string, unknown>;
    expect(after.quote).toEqual(before.quote);
    const line = (after.quote as { options: { lines: { item: string; unit_price_cents: number }[] }[] }).options[0]!.lines[0]!;
    expect(line).toMatchObject({ item: 'day_delegate', unit_price_cents: 6500 });
  });

  it('when a quoted supplier’s rates were confirmed long ago, then the brief needs review with stale_rates and the option is flagged', async () => {
    app = await startTestApp();
    const cat = regionCatalogue();
    const fresh = { ...cat, suppliers: cat.suppliers.filter((s) => s.supplierId !== 'SONO'), rates: cat.rates.filter((r) => r.supplierId !== 'SONO') };
    await seed(app.services, fresh);
    const old = new Date(app.services.clock.now().getTime() - 90 * 86_400_000);
    await seed(app.services, { ...cat, suppliers: cat.suppliers.filter((s) => s.supplierId === 'SONO'), spaces: [], rates: cat.rates.filter((r) => r.supplierId === 'SONO') }, old);
    const ref = await submit(app, fullBrief('en'));
    const body = await app.waitForStatus(ref, ['needs_review']);
    const reasons = body.review_reasons as { code: string; detail: string }[];
    expect(reasons.map((r) => r.code)).toEqual(['stale_rates']);
    expect(reasons[0]!.detail).toEqual(expect.stringContaining('Palais du Pharo (test)'));
    const options = (body.quote as { options: { stale_rates: boolean }[] }).options;
    expect(options.every((o) => o.stale_rates)).toBe(true);
    expect(body.sent_at).toBeNull();
    const alerts = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'needs_review' && x.ref === ref));
    expect(alerts.find((m) => m.kind === 'needs_review')!.text).toContain('stale_rates');
    expect(app.smtp.ofKind('draft_quote')).toHaveLength(0);
  });
});
