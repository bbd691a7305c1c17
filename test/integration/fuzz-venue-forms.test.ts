import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedSmallCatalogue } from '../support/seed';
import { catalogue, hire, rate, space, venue } from '../support/catalogue-factory';
import { TABLES } from '../../src/platform/tables';
import { LAYOUTS } from '../../src/core/catalogue-types';
import { addStaff, signIn, type Browser } from './venue-portal-support';
import { addDays, dateCell, freeText, hostileFieldName, hostileText, idCell, itemCell, numberCell, priceCell, prototypeIsClean, rowCounts, textCell, vatCell } from '../support/arbitraries';
import { storesFor } from '../../src/stores';

/**
 * Every venue staff form, signed in with a valid CSRF token, with random field values. The
 * generator knows which posts must be accepted (a fresh, valid row) and which must be refused
 * (one bad cell, named in the error); the rest (random cells) only must not fail or half-write.
 */

type Expect = { accept: true } | { accept: false; column: string | null } | { accept: 'either' };
interface Post {
  path: string;
  form: [string, string][];
  expect: Expect;
  /** Called after a 303: remembers rows the test may remove later. */
  added?: () => void;
}

const SUPPLIER = 'PALAIS';
const added = { spaces: [] as string[], blackouts: [] as string[], rates: [] as string[] };
/** A random post that names a remembered row as its original removed or re-keyed it: forget that row. */
const forget = (rows: string[], key: string) => {
  const i = rows.indexOf(key);
  if (i >= 0) rows.splice(i, 1);
};
let serial = 0;
const next = () => ++serial;

const plainEmail = fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.(fr|org)$/);
const city = fc.oneof(fc.constantFrom('Marseille', 'Aix-en-Provence', 'Nice', 'Cannes'), freeText(60));
const nul = 'A\u0000B';

const profilePost: fc.Arbitrary<Post> = fc
  .record({
    name: freeText(100),
    email: plainEmail,
    phone: fc.oneof(fc.constant(''), freeText(30)),
    city,
    quality_labels: fc.oneof(fc.constant(''), fc.constantFrom('Qualité Tourisme', 'Clef Verte;Qualité Tourisme'), freeText(40)),
    bedrooms: fc.oneof(fc.constant(''), fc.nat(500).map(String)),
    associated_with: fc.constant(''),
    accessible: fc.constantFrom('true', 'false', ''),
  })
  .chain((valid) =>
    fc.oneof(
      fc.constant<Post>({ path: 'profile', form: Object.entries(valid), expect: { accept: true } }),
      fc
        .constantFrom<[string, string]>(
          ['email', 'not-an-email'],
          ['email', ''],
          ['name', ''],
          ['name', nul],
          ['city', ''],
          ['city', nul],
          ['phone', nul],
          ['quality_labels', nul],
          ['bedrooms', '-1'],
          ['bedrooms', 'many'],
          ['associated_with', 'NOPE'],
          ['associated_with', 'TRAITEUR'],
        )
        .map(([k, v]): Post => ({ path: 'profile', form: Object.entries({ ...valid, [k]: v }), expect: { accept: false, column: k } })),
      fc.record({ name: textCell, email: textCell, city: textCell, phone: textCell, bedrooms: numberCell, associated_with: idCell(['OTHER', 'TRAITEUR', 'PALAIS', '']) }).map(
        (random): Post => ({ path: 'profile', form: Object.entries(random), expect: { accept: 'either' } }),
      ),
    ),
  );

const capacities = fc.tuple(...LAYOUTS.map(() => fc.oneof(fc.constant(''), fc.nat(3000).map(String)))).map((vals) => LAYOUTS.map((l, i): [string, string] => [l, vals[i]!]));

const spacePost: fc.Arbitrary<Post> = fc.tuple(freeText(100), capacities, fc.integer({ min: 0, max: 3 })).chain(([name, caps, pick]) => {
  const id = `S${next()}`;
  const fresh: Post = { path: 'spaces/save', form: [['space_id', id], ['name', name], ...caps], expect: { accept: true }, added: () => added.spaces.push(id) };
  return fc.oneof(
    fc.constant(fresh),
    fc
      .constantFrom<[string, string, string]>(['space_id', 'bad id!', 'space_id'], ['space_id', '', 'space_id'], ['name', '', 'name'], ['name', nul, 'name'], ['theatre', '-5', 'theatre'], ['banquet', '1.5', 'banquet'], ['space_id', 'AUDI', '(row)'])
      .map(([k, v, column]): Post => ({
        path: 'spaces/save',
        form: [...fresh.form.filter(([f]) => f !== k), [k, v]],
        expect: { accept: false, column: column === '(row)' ? null : column },
      })),
    // Removing a space added earlier (no rates or blackouts) is accepted; an unknown one, or AUDI (it has rates), is refused.
    fc.constant<Post>(
      pick === 0 && added.spaces.length
        ? { path: 'spaces/remove', form: [['orig_space_id', added.spaces[0]!]], expect: { accept: true }, added: () => added.spaces.shift() }
        : { path: 'spaces/remove', form: [['orig_space_id', pick === 1 ? 'AUDI' : `NOPE${pick}`]], expect: { accept: false, column: null } },
    ),
    fc.record({ space_id: idCell(['AUDI', 'S1', '']), name: textCell, theatre: numberCell, reception: numberCell, orig_space_id: idCell(['AUDI', '']) }).map(
      (random): Post => ({ path: 'spaces/save', form: Object.entries(random), expect: { accept: 'either' } }),
    ),
  );
});

const ratePost: fc.Arbitrary<Post> = fc
  .tuple(fc.constantFrom('day_delegate', 'lunch', 'dinner', 'coffee_break', 'av_day', 'bedroom_single_night'), priceCell.filter((p) => /^\d+\.\d\d$/.test(p) && p.length < 10), fc.constantFrom('0', '2.1', '5.5', '10', '20'), fc.boolean())
  .chain(([item, price, vat, open]) => {
    const from = addDays('2028-01-01', next());
    const to = open ? '' : addDays(from, 30);
    const fresh: Post = {
      path: 'rates/save',
      form: [['item', item], ['space_id', ''], ['price_eur', price], ['vat_pct', vat], ['valid_from', from], ['valid_to', to]],
      expect: { accept: true },
      added: () => added.rates.push(`${item}|${from}`),
    };
    return fc.oneof(
      fc.constant(fresh),
      fc
        .constantFrom<[string, string]>(['item', 'champagne'], ['price_eur', '12.345'], ['price_eur', '-3'], ['price_eur', ''], ['vat_pct', '7'], ['valid_from', '2028-02-30'], ['valid_to', '2020-01-01'], ['space_id', 'AUDI'])
        .map(([k, v]): Post => ({ path: 'rates/save', form: [...fresh.form.filter(([f]) => f !== k), [k, v]], expect: { accept: false, column: k } })),
      fc.constant<Post>(
        added.rates.length
          ? (() => {
              const [i, f] = added.rates[0]!.split('|');
              return { path: 'rates/remove', form: [['orig_item', i!], ['orig_space_id', ''], ['orig_valid_from', f!]], expect: { accept: true }, added: () => added.rates.shift() };
            })()
          : { path: 'rates/remove', form: [['orig_item', 'lunch'], ['orig_valid_from', '1999-01-01']], expect: { accept: false, column: null } },
      ),
      fc.record({ item: itemCell, space_id: idCell(['AUDI', '']), price_eur: priceCell, vat_pct: vatCell, valid_from: dateCell, valid_to: dateCell, orig_item: itemCell, orig_valid_from: dateCell }).map(
        (random): Post => ({
          path: fc.sample(fc.constantFrom('rates/save', 'rates/remove'), 1)[0]!,
          form: Object.entries(random),
          expect: { accept: 'either' },
          added: () => forget(added.rates, `${random.orig_item}|${random.orig_valid_from}`),
        }),
      ),
    );
  });

const blackoutPost: fc.Arbitrary<Post> = fc.tuple(fc.constantFrom('', 'AUDI'), fc.integer({ min: 0, max: 10 }), freeText(200)).chain(([spaceId, len, reason]) => {
  const from = addDays('2028-01-01', next());
  const fresh: Post = {
    path: 'blackouts/save',
    form: [['space_id', spaceId], ['from', from], ['to', addDays(from, len)], ['reason', reason]],
    expect: { accept: true },
    added: () => added.blackouts.push(`${spaceId}|${from}`),
  };
  return fc.oneof(
    fc.constant(fresh),
    fc
      .constantFrom<[string, string]>(['from', 'tomorrow'], ['from', ''], ['to', '2020-01-01'], ['to', '2028-13-01'], ['space_id', 'NOSUCH'], ['space_id', 'a b'], ['reason', nul])
      .map(([k, v]): Post => ({ path: 'blackouts/save', form: [...fresh.form.filter(([f]) => f !== k), [k, v]], expect: { accept: false, column: k } })),
    fc.constant<Post>(
      added.blackouts.length
        ? (() => {
            const [s, f] = added.blackouts[0]!.split('|');
            return { path: 'blackouts/remove', form: [['orig_space_id', s!], ['orig_from', f!]], expect: { accept: true }, added: () => added.blackouts.shift() };
          })()
        : { path: 'blackouts/remove', form: [['orig_space_id', ''], ['orig_from', '1999-01-01']], expect: { accept: false, column: null } },
    ),
    fc.record({ space_id: idCell(['AUDI', '']), from: dateCell, to: dateCell, reason: textCell, orig_space_id: idCell(['AUDI', '']), orig_from: dateCell }).map(
      (random): Post => ({
        path: fc.sample(fc.constantFrom('blackouts/save', 'blackouts/remove'), 1)[0]!,
        form: Object.entries(random),
        expect: { accept: 'either' },
        added: () => forget(added.blackouts, `${random.orig_space_id}|${random.orig_from}`),
      }),
    ),
  );
});

/** Any post may also carry fields no form has (another supplier's id, the hub-only kind, prototype keys): they change nothing. */
const extras = fc.array(fc.oneof(fc.tuple(hostileFieldName, hostileText), fc.constantFrom<[string, string]>(['supplier_id', 'OTHER'], ['kind', 'hotel'], ['active', 'false'])), { maxLength: 3 });

const venuePost = fc
  .tuple(fc.oneof(profilePost, spacePost, ratePost, blackoutPost, fc.constant<Post>({ path: 'rates/unchanged', form: [], expect: { accept: true } })), extras)
  .map(([post, more]): Post => ({ ...post, form: [...post.form, ...more.filter(([k]) => k !== '_csrf' && !post.form.some(([f]) => f === k))] }));

const unescape = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('venue portal forms under fuzzing', () => {
  let app: TestApp;
  let staff: { browser: Browser; csrf: string };

  const state = async () => ({
    counts: await rowCounts(app.services.db, [TABLES.suppliers, TABLES.spaces, TABLES.rates, TABLES.blackouts, TABLES.auditLog]),
    palais: await app.services.db(TABLES.suppliers).where({ supplier_id: SUPPLIER }).first(),
  });
  const otherSupplier = async () => ({
    supplier: await app.services.db(TABLES.suppliers).where({ supplier_id: 'OTHER' }).first(),
    rows: await Promise.all([TABLES.spaces, TABLES.rates, TABLES.blackouts].map(async (t) => (await app.services.db(t).where({ supplier_id: 'OTHER' })).map((r) => JSON.stringify(r)).sort())),
  });

  beforeAll(async () => {
    const now = new Date('2027-01-15T09:00:00Z');
    app = await startTestApp({ clock: { now: () => now } }); // workers deliver the sign-in e-mail
    await seedSmallCatalogue(app.services);
    const other = catalogue({
      suppliers: [venue('OTHER', { name: 'Other Centre (test)', city: 'Nice' })],
      spaces: [space('OTHER', 'HALL', { theatre: 200 })],
      rates: [hire('OTHER', 'HALL', 300000), rate('OTHER', 'day_delegate', 5000)],
    });
    await app.services.db.transaction((trx) => storesFor(trx).suppliers.upsert(other, now));
    await addStaff(app, 'claire@palais.example', 'venue_staff', [SUPPLIER]);
    staff = await signIn(app, 'claire@palais.example');
  });
  afterAll(async () => {
    await app.stop();
  });

  it('when 2,000 random posts reach the profile, spaces, rates and blocked-dates forms, then valid ones are saved, bad cells are refused by column, and a refusal writes nothing', async () => {
    const seen = { accepted: 0, refused: 0 };
    const otherBefore = await otherSupplier();
    await fc.assert(
      fc.asyncProperty(venuePost, async (post) => {
        const before = await state();
        const res = await staff.browser.fetch(`/venue/${SUPPLIER}/${post.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams([['_csrf', staff.csrf], ...post.form]).toString(),
        });
        const html = await res.text();
        const after = await state();
        expect(prototypeIsClean()).toBe(true);
        expect(res.status).toBeLessThan(500);

        if (res.status === 303) {
          seen.accepted += 1;
          if (post.expect.accept === false) throw new Error(`accepted a post that must be refused (${post.expect.column}): ${JSON.stringify(post.form)}`);
          expect(res.headers.get('location')).toMatch(new RegExp(`^/venue/${SUPPLIER}\\?saved=`));
          post.added?.();
          return;
        }
        seen.refused += 1;
        expect(after).toEqual(before);
        expect(res.status).toBe(422);
        if (post.expect.accept === true) throw new Error(`refused a valid post: ${JSON.stringify(post.form)}\n${html.match(/<li class="error">[^<]*/g)?.join('\n')}`);
        // The staff member's language (French unless they chose English).
        expect(html).toMatch(/Nothing was saved|Rien n’a été enregistré/);
        const errors = [...html.matchAll(/<li class="error">([^<]*)<\/li>/g)].map((m) => unescape(m[1]!));
        expect(errors.length).toBeGreaterThan(0);
        if (post.expect.accept === false && post.expect.column !== null) {
          const column = post.expect.column;
          if (!errors.some((e) => e.startsWith(`${column}: `))) throw new Error(`expected an error on ${column}, got ${errors.join(' | ')}`);
        }
      }),
      { numRuns: 2000 },
    );
    expect(Math.min(seen.accepted, seen.refused)).toBeGreaterThan(300);
    // Posted supplier_id, kind or active fields never reached another supplier.
    expect(await otherSupplier()).toEqual(otherBefore);
  }, 600_000); // a guard against a hang, not a timing: 2,000 real HTTP round trips take minutes on a busy 2-core machine
});
