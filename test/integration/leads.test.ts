import { startTestApp, type TestApp } from '../support/test-app';
import { TABLES } from '../../src/platform/tables';
import { fullBrief, regionCatalogue, seed, submit } from './quote-fixtures';

interface ApiLine { supplier_id: string; description: string }
interface ApiQuote { version: number; options: { rank: number; venue: { supplier_id: string }; lines: ApiLine[] }[] }

describe('lead routing when a quote is sent', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  it('when a quote is sent, then each supplier in its lines gets exactly one lead, in French by default, with the brief, exactly its lines, the organiser contact and what to do next', async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    const ref = await submit(app, fullBrief('en'));
    const read = await app.waitForStatus(ref, ['sent']);
    const quote = read.quote as ApiQuote;
    const expected = ['DOCKS', 'HOTEL', 'PALAIS', 'SONO', 'TRAITEUR'];
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead').length >= expected.length);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, if there were one
    const leads = app.smtp.ofKind('lead');
    const emails: Record<string, string> = { DOCKS: 'docks@example.org', HOTEL: 'hotel@example.org', PALAIS: 'palais@example.org', SONO: 'sono@example.org', TRAITEUR: 'traiteur@example.org' };
    expect(leads.map((m) => m.to).sort()).toEqual(expected.map((id) => emails[id]).sort());
    expect(leads.some((m) => m.to === 'idle@example.org')).toBe(false);

    for (const id of expected) {
      const lead = leads.find((m) => m.to === emails[id])!;
      expect(lead.ref).toBe(ref);
      expect(lead.parsed.headers.get('x-pce-kind')).toBe('lead');
      expect(lead.text).toContain('Annual congress');
      expect(lead.subject).toMatch(/^Nouvelle demande PCE-/);
      expect(lead.text).toContain('280 participants');
      expect(lead.text).toContain('Prochaine étape');
      expect(lead.text).toContain('Ada Martin');
      expect(lead.text).toContain('ada@example.org');
      expect(lead.text).toContain('+33 6 12 34 56 78');
      expect(lead.html).toContain('ada@example.org');
      const mine = quote.options.flatMap((o) => o.lines.filter((l) => l.supplier_id === id));
      const others = quote.options.flatMap((o) => o.lines.filter((l) => l.supplier_id !== id));
      const listed = lead.text.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2, l.lastIndexOf(':')).trim());
      expect(listed.sort()).toEqual(mine.map((l) => l.description).sort());
      for (const other of others) if (!mine.some((l) => l.description === other.description)) expect(lead.text).not.toContain(other.description);
    }
    // The caterer is quoted in both options: both appear in its one lead.
    expect(leads.find((m) => m.to === 'traiteur@example.org')!.text.match(/^Proposition \d/gm)).toEqual(['Proposition 1', 'Proposition 2']);
  });

  it('when a new version changes one supplier, drops another and the rest is as before, then only the changed one gets a lead, the dropped one is told, and a supplier whose staff chose English reads English', async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    const sono = await app.services.stores.staff.createUser({ email: 'staff@sono.example.org', name: 'Sono staff', role: 'venue_staff', supplierIds: ['SONO'] }, app.services.clock.now());
    await app.services.db(TABLES.staffUsers).where({ id: sono.id }).update({ language: 'en' });
    const ref = await submit(app, fullBrief('en'));
    await app.waitForStatus(ref, ['sent']);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead').length >= 5);
    expect(app.smtp.ofKind('lead').find((m) => m.to === 'sono@example.org')!.subject).toMatch(/^New lead PCE-/);

    // Version 2: the AV price changes, the hotel's rooms are gone, everything else is the same.
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const v1 = (await app.services.stores.quotes.findLatest(brief.id))!;
    const options = v1.options.map((o) => ({
      ...o,
      lines: o.lines
        .filter((l) => l.supplier_id !== 'HOTEL')
        .map((l) => (l.supplier_id === 'SONO' ? { ...l, unit_price_cents: 45_000, net_cents: 45_000 * l.quantity, vat_cents: 9_000 * l.quantity, gross_cents: 54_000 * l.quantity } : l)),
    }));
    await app.services.stores.quotes.insertVersion({ briefId: brief.id, createdAt: app.services.clock.now(), createdBy: 'hub@example.org', note: null, eliminated: v1.eliminated, options });
    expect((await app.api(`/api/briefs/${ref}/send`, { method: 'POST' })).status).toBe(200);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead').length >= 7 && m.filter((x) => x.kind === 'draft_quote').length >= 2);
    await new Promise((r) => setTimeout(r, 800)); // room for a lead that should not go
    const second = app.smtp.ofKind('lead').slice(5);
    expect(second.map((m) => m.to).sort()).toEqual(['hotel@example.org', 'sono@example.org']);
    const av = second.find((m) => m.to === 'sono@example.org')!;
    expect(av.subject).toMatch(/^Updated lead PCE-/);
    expect(av.text).toContain('new version (2)');
    expect(av.text).toContain('€450.00');
    expect(av.text).toContain('What to do next');
    const hotel = second.find((m) => m.to === 'hotel@example.org')!;
    expect(hotel.subject).toBe(`La demande ${ref} ne vous inclut plus`);
    expect(hotel.text).toContain('ne comprend plus vos prestations');
  });

  it('when the same version is sent again, then no new lead or quote e-mail goes out', async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    const ref = await submit(app, fullBrief('en'));
    await app.waitForStatus(ref, ['sent']);
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead').length >= 5);
    const before = await app.services.db(TABLES.mailLog).count({ n: '*' }).first();
    const res = await app.api(`/api/briefs/${ref}/send`, { method: 'POST' });
    expect(res.status).toBe(200);
    await app.settled();
    const after = await app.services.db(TABLES.mailLog).count({ n: '*' }).first();
    expect(Number(after!.n)).toBe(Number(before!.n));
    expect(app.smtp.ofKind('lead')).toHaveLength(5);
    expect(app.smtp.ofKind('draft_quote')).toHaveLength(1);
  });

  it('when AUTO_SEND is off, then the brief waits in needs_review with auto_send_off, and the send call delivers the quote and the leads', async () => {
    app = await startTestApp({ env: { AUTO_SEND: 'false' } });
    await seed(app.services, regionCatalogue());
    const ref = await submit(app, fullBrief('en'));
    const waiting = await app.waitForStatus(ref, ['needs_review']);
    expect(waiting.review_reasons).toEqual([{ code: 'auto_send_off', detail: expect.any(String) }]);
    expect(waiting.quote).not.toBeNull();
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'needs_review' && x.ref === ref));
    expect(app.smtp.ofKind('draft_quote')).toHaveLength(0);
    expect(app.smtp.ofKind('lead')).toHaveLength(0);

    const res = await app.api(`/api/briefs/${ref}/send`, { method: 'POST' });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as { status: string; sent_at: string | null };
    expect(sent.status).toBe('sent');
    expect(sent.sent_at).toEqual(expect.any(String));
    await app.smtp.waitFor((m) => m.filter((x) => x.kind === 'lead').length >= 5 && m.some((x) => x.kind === 'draft_quote'));
    expect(app.smtp.ofKind('draft_quote')[0]!.to).toBe('ada@example.org');
  });
});
