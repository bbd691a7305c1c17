import fc from 'fast-check';
import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { mintQuoteLink } from '../support/quote-link';
import { interestFormToken } from '../../src/quotes/interest-token';
import { TABLES } from '../../src/platform/tables';
import { hostileText, toUrlEncoded } from '../support/arbitraries';

/**
 * The public action endpoints of SPEC §9 (the supplier's availability link, GET and POST, and the
 * organiser's book action) with random tokens, fields and bodies, including the real link token
 * with a forged form field: never a 5xx, and nothing in the requests, holds or the brief changes.
 */
describe('fuzzing the availability and booking endpoints', () => {
  let app: TestApp;
  let realLink = '';
  let quoteToken = '';
  let briefId = 0;

  beforeAll(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    briefId = (await app.services.stores.briefs.findByRef(ref))!.id;
    quoteToken = await mintQuoteLink(app, briefId);
    const res = await fetch(`${app.baseUrl}/q/${quoteToken}/interest`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rank: '1', _form: interestFormToken(quoteToken, ref) }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'availability_request' && /\/a\/[A-Za-z0-9_-]{20,}\?/.test(x.text)));
    realLink = /\/a\/([A-Za-z0-9_-]{20,})\?/.exec(mails.find((x) => x.kind === 'availability_request')!.text)![1]!;
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const state = async () =>
    JSON.stringify([
      await app.services.db(TABLES.availabilityRequests).orderBy('id').select('id', 'status', 'decline_reason', 'comment', 'answered_at'),
      await app.services.db(TABLES.holds).orderBy('id').select('id', 'status'),
      await app.services.db(TABLES.briefs).where({ id: briefId }).select('status', 'interest_rank'),
      await app.services.db(TABLES.blackouts).count({ n: '*' }),
    ]);

  const token = fc.oneof(
    fc.constant(() => realLink),
    fc.constant(() => quoteToken),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/).map((s) => () => s),
    fc.string({ maxLength: 60 }).map((s) => () => encodeURIComponent(s) || 'x'),
    fc.constantFrom('..', '%00', '%2e%2e%2f', 'AVAILABILITY-LINK-REDACTED-1', 'a'.repeat(500)).map((s) => () => s),
  );
  const field = fc.oneof(fc.constantFrom('confirm', 'decline', 'unavailable', 'price_changed', 'capacity', 'other', '', 'fr', 'en', '__proto__'), hostileText, fc.string({ maxLength: 30 }));
  const fieldName = fc.constantFrom('action', 'reason', 'comment', '_form', '_lang', 'rank', '__proto__', 'constructor', 'action[]');
  const body = fc.oneof(
    fc.array(fc.tuple(fieldName, field), { maxLength: 8 }).map((fields) => ({ type: 'application/x-www-form-urlencoded', text: toUrlEncoded(fields) })),
    fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
    fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text })),
    fc.constant({ type: 'application/x-www-form-urlencoded', text: `comment=${'x'.repeat(20_000)}` }),
  );
  const call = fc.record({
    target: fc.constantFrom('GET /a', 'POST /a', 'POST /book'),
    token,
    body,
    query: fc.oneof(fc.constant(''), fc.constantFrom('?do=confirm', '?do=decline', '?lang=en', '?lang=xx', '?do[]=1')),
    origin: fc.constantFrom(undefined, 'null', 'https://evil.example'),
  });

  it('when 2,000 random calls hit the public action endpoints, then none answers 5xx and none changes a request, hold, brief or blackout', async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const t = c.token();
        const path = c.target === 'POST /book' ? `/q/${t}/book` : `/a/${t}${c.query}`;
        const headers: Record<string, string> = { 'content-type': c.body.type };
        if (c.origin) headers.origin = c.origin;
        const res =
          c.target === 'GET /a'
            ? await fetch(app.baseUrl + path, { redirect: 'manual', headers: c.origin ? { origin: c.origin } : {} })
            : await fetch(app.baseUrl + path, { method: 'POST', headers, body: c.body.text, redirect: 'manual' });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );
    expect(await state()).toBe(before);
  }, 300_000);
});
