import fc from 'fast-check';
import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { mintQuoteLink } from '../support/quote-link';
import { TABLES } from '../../src/platform/tables';
import { SurveyLinkStore } from '../../src/briefs/survey-link-store';
import { freeText, hostileFieldName, hostileText, toUrlEncoded } from '../support/arbitraries';
import { bookBrief, mintSurveyLink } from './lifecycle-fixtures';

/**
 * SPEC §9.7's public endpoints (/survey/…), 2,000 random requests: tokens valid, unknown, voided or
 * of another purpose (a quote link), hostile scores, comments, field names and bodies. Never a 5xx;
 * only the one valid token ever writes, and only to its own brief.
 */
/** encodeURIComponent refuses lone surrogates: a URL cannot carry them anyway. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

describe('fuzzing the survey endpoints', () => {
  let app: TestApp;
  let valid: string;
  let voided: string;
  let quoteToken: string;
  const ids: number[] = [];

  beforeAll(async () => {
    app = await startTestApp({ workers: true });
    await seedSmallCatalogue(app.services);
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
      const { ref } = (await (await postBrief(app, validBrief({ organiser: { name: 'Ada', email, language: 'en' } }))).json()) as { ref: string };
      await app.waitForStatus(ref, ['sent']);
      const id = (await app.services.stores.briefs.findByRef(ref))!.id;
      await bookBrief(app.services.db, id, app.services.clock.now());
      ids.push(id);
    }
    valid = await mintSurveyLink(app.services.db, ids[0]!);
    voided = await mintSurveyLink(app.services.db, ids[1]!);
    await new SurveyLinkStore(app.services.db).voidForBriefs([ids[1]!]);
    quoteToken = await mintQuoteLink(app, ids[2]!);
  }, 60_000);
  afterAll(async () => app.stop());

  it('when 2,000 random requests hit /survey, then none answers 5xx and no bad token records anything', async () => {
    const token = fc.oneof(
      { weight: 3, arbitrary: fc.constant(() => valid) },
      fc.constant(() => voided),
      fc.constant(() => quoteToken),
      fc.constant(() => valid.slice(0, -1) + (valid.endsWith('A') ? 'B' : 'A')),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/).map((s) => () => s),
      hostileText.map((s) => () => enc(s)),
    );
    const score = fc.oneof(fc.integer({ min: -3, max: 14 }).map(String), fc.constantFrom('', '07', '7.0', '1e1', ' 5', '10 ', 'NaN'), freeText(10));
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      token,
      tail: fc.oneof(fc.constant(''), score.map((s) => `/${enc(s)}`), fc.constant('/comment'), fc.constant('/comment/x')),
      query: fc.oneof(fc.constant(''), fc.constantFrom('?lang=fr', '?lang=xx', '?commented=1', '?lang=fr&lang=en')),
      fields: fc.array(
        fc.oneof(
          fc.tuple(fc.constant('score'), score),
          fc.tuple(fc.constant('comment'), fc.oneof(hostileText, freeText(300), fc.constant('x'.repeat(2001)))),
          fc.tuple(fc.constant('_lang'), fc.oneof(fc.constantFrom('fr', 'en', ''), hostileText)),
          fc.tuple(hostileFieldName, hostileText),
        ),
        { maxLength: 5 },
      ),
      contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x'),
      raw: fc.option(fc.oneof(hostileText, fc.constant('%'), fc.constant('a=%E0%A4%A')), { nil: undefined }),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = `/survey/${r.token()}${r.tail}${r.query}`;
        const init: RequestInit = { method: r.method, redirect: 'manual' };
        if (r.method === 'POST') {
          init.headers = { 'content-type': r.contentType };
          init.body = r.raw ?? toUrlEncoded(r.fields);
        }
        const res = await fetch(app.baseUrl + path, init);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );

    const rows = (await app.services.db(TABLES.satisfactionResponses).select('brief_id', 'score', 'comment')) as { brief_id: number; score: number; comment: string | null }[];
    // Only the valid token's brief may have an answer, a score from 0 to 10 and a comment of at most 2,000 characters.
    expect(rows.every((row) => row.brief_id === ids[0])).toBe(true);
    for (const row of rows) {
      expect(Number(row.score)).toBeGreaterThanOrEqual(0);
      expect(Number(row.score)).toBeLessThanOrEqual(10);
      expect((row.comment ?? '').length).toBeLessThanOrEqual(2000);
    }
  }, 600_000);
});
