import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { TABLES } from '../../src/platform/tables';
import { briefMutationArb, junkJsonText, prototypeIsClean, rowCounts, validBriefArb, withProtoKey } from '../support/arbitraries';

const TODAY = '2027-01-15';
const INTAKE_TABLES = [TABLES.briefs, TABLES.outbox, TABLES.mailLog] as const;

type ApiCase =
  | { kind: 'valid'; text: string }
  | { kind: 'mutated'; text: string; field: string }
  | { kind: 'junk'; text: string; contentType: string | null };

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'text/html',
  null,
];

const apiCase: fc.Arbitrary<ApiCase> = fc.oneof(
  { weight: 3, arbitrary: validBriefArb(TODAY).map((b): ApiCase => ({ kind: 'valid', text: JSON.stringify(b) })) },
  {
    weight: 4,
    arbitrary: fc.tuple(validBriefArb(TODAY), briefMutationArb(TODAY)).map(([b, m]): ApiCase => {
      m.apply(b);
      return { kind: 'mutated', text: JSON.stringify(b), field: m.field };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(validBriefArb(TODAY), fc.constantFrom('' as const, 'organiser' as const, 'event' as const)).map(
      ([b, where]): ApiCase => ({ kind: 'mutated', text: withProtoKey(JSON.stringify(b), where), field: where ? `${where}.__proto__` : '__proto__' }),
    ),
  },
  { weight: 2, arbitrary: fc.tuple(junkJsonText, fc.constantFrom(...CONTENT_TYPES)).map(([text, contentType]): ApiCase => ({ kind: 'junk', text, contentType })) },
  {
    weight: 1,
    // A valid brief sent as something other than JSON, or too large to read: still refused.
    arbitrary: fc.tuple(validBriefArb(TODAY), fc.constantFrom(...CONTENT_TYPES.filter((t) => t === null || !t.startsWith('application/json')))).map(
      ([b, contentType]): ApiCase => ({ kind: 'junk', text: JSON.stringify(b), contentType }),
    ),
  },
  { weight: 1, arbitrary: validBriefArb(TODAY).map((b): ApiCase => ({ kind: 'junk', text: JSON.stringify({ ...b, notes: 'x'.repeat(70_000) }), contentType: 'application/json' })) },
);

describe('POST /api/briefs under fuzzing', () => {
  let app: TestApp;

  beforeAll(async () => {
    const now = new Date(`${TODAY}T09:00:00Z`);
    app = await startTestApp({ clock: { now: () => now }, workers: false, env: { INTAKE_RATE_LIMIT: '1000000' } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when 2,000 random, mutated and malformed bodies are posted, then valid briefs get 201 and one brief, two outbox jobs and one e-mail, and everything else a precise 4xx with nothing stored', async () => {
    const seen = { valid: 0, mutated: 0, junk: 0 };
    await fc.assert(
      fc.asyncProperty(apiCase, async (c) => {
        seen[c.kind] += 1;
        const before = await rowCounts(app.services.db, INTAKE_TABLES);
        const contentType = c.kind === 'junk' ? c.contentType : 'application/json';
        const res = await fetch(`${app.baseUrl}/api/briefs`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body: c.text });
        const after = await rowCounts(app.services.db, INTAKE_TABLES);
        const body = (await res.json()) as Record<string, unknown>;
        expect(prototypeIsClean()).toBe(true);
        expect(res.status).toBeLessThan(500);

        if (c.kind === 'valid') {
          expect({ status: res.status, body }).toEqual({ status: 201, body: { ref: expect.stringMatching(/^PCE-2027-\d{6}$/), status: 'received', sla_due_at: expect.any(String) } });
          expect(after).toEqual({ [TABLES.briefs]: before.briefs! + 1, [TABLES.outbox]: before.outbox! + 2, [TABLES.mailLog]: before.mail_log! + 1 });
          return;
        }
        expect(after).toEqual(before);
        if (c.kind === 'mutated') {
          expect(res.status).toBe(422);
          const errors = body.errors as { field: string; message: string }[];
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e).toEqual({ field: expect.stringMatching(/\S/), message: expect.stringMatching(/\S/) });
          const named = errors.some((e) => e.field === c.field || e.field.startsWith(`${c.field}.`) || e.field.split(', ').includes(c.field));
          if (!named) throw new Error(`expected an error on ${c.field}, got ${JSON.stringify(errors)}`);
          return;
        }
        expect([400, 413, 415, 422]).toContain(res.status);
        if (res.status === 422) {
          expect((body.errors as unknown[]).length).toBeGreaterThan(0);
        } else {
          expect(body).toEqual({ error: 'bad_request', message: expect.any(String) });
        }
      }),
      { numRuns: 2000 },
    );
    // Each kind was really exercised.
    expect(Math.min(seen.valid, seen.mutated, seen.junk)).toBeGreaterThan(200);
  }, 180_000);
});
