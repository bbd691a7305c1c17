import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { TABLES } from '../../src/platform/tables';

describe('backbone: a brief goes in, a real worker quotes it, a real e-mail goes out', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when a valid brief is posted, then it answers 201 and the organiser receives the acknowledgement and the draft quote', async () => {
    await seedSmallCatalogue(app.services);
    const res = await postBrief(app, validBrief());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ref: string; status: string; sla_due_at: string };
    expect(body.ref).toMatch(/^PCE-\d{4}-\d{6}$/);
    expect(body.status).toBe('received');

    const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote'));
    const ack = mails.find((m) => m.kind === 'brief_received')!;
    expect(ack.to).toBe('ada@example.org');
    expect(ack.ref).toBe(body.ref);
    expect(ack.text).toContain(body.ref);
    expect(ack.html).toContain(body.ref);
    const quote = mails.find((m) => m.kind === 'draft_quote')!;
    expect(quote.ref).toBe(body.ref);
    expect(quote.text).toContain('Palais du Pharo (test)');
    expect(quote.html).toContain('Palais du Pharo (test)');

    const read = await app.waitForStatus(body.ref, ['sent']);
    expect(read).toMatchObject({ ref: body.ref, status: 'sent', sla_due_at: body.sla_due_at, review_reasons: [] });
    const q = read.quote as { version: number; currency: string; options: { venue: { supplier_id: string }; totals: { gross_cents: number } }[] };
    expect(q.version).toBe(1);
    expect(q.currency).toBe('EUR');
    expect(q.options[0]!.venue.supplier_id).toBe('PALAIS');
    // 280 × 3 day-delegates at 65 € + 20 % VAT, and one dinner at 55 € + 10 %.
    expect(q.options[0]!.totals.gross_cents).toBe(280 * 3 * 6500 * 1.2 + 280 * 5500 * 1.1);
    expect(Date.parse(body.sla_due_at) - Date.parse(read.received_at as string)).toBe(48 * 3600_000);
  });

  it('when the catalogue is empty, then the brief goes to needs_review and the hub is alerted', async () => {
    const res = await postBrief(app, validBrief());
    const { ref } = (await res.json()) as { ref: string };
    const read = await app.waitForStatus(ref, ['needs_review']);
    expect((read.review_reasons as { code: string }[]).map((r) => r.code)).toEqual(['no_feasible_venue']);
    expect(read.quote).toBeNull();
    const [alert] = (await app.smtp.waitFor((m) => m.some((x) => x.kind === 'needs_review'))).filter((m) => m.kind === 'needs_review');
    expect(alert!.to).toBe('hub@example.org');
    expect(alert!.ref).toBe(ref);
  });

  it('when the brief is invalid, then it answers 422 with each field and stores nothing', async () => {
    const bad = validBrief({ surprise: true, event: { ...validBrief().event, attendees: 0, layout: 'circus' } });
    const res = await postBrief(app, bad);
    expect(res.status).toBe(422);
    const { errors } = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(errors.map((e) => e.field).sort()).toEqual(['event.attendees', 'event.layout', 'surprise']);
    const { n } = (await app.services.db(TABLES.briefs).count({ n: '*' }).first()) as { n: number | string };
    expect(Number(n)).toBe(0);
    expect(Number(((await app.services.db(TABLES.outbox).count({ n: '*' }).first()) as { n: number }).n)).toBe(0);
  });

  it('when the body is malformed JSON, then it answers 400, not 500', async () => {
    const res = await fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"organiser":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_request', message: 'malformed JSON body' });
  });

  it('when the bearer token is missing or wrong, then read-back answers 401; an unknown ref 404', async () => {
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    expect((await fetch(`${app.baseUrl}/api/briefs/${ref}`)).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/api/briefs/${ref}`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await app.api('/api/briefs/PCE-2027-999999')).status).toBe(404);
  });

  it('when /healthz is asked, then it reports the database and Redis', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ database: 'ok', redis: 'ok' });
  });
});
