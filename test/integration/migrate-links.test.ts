import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { createDb, migrateToLatest, type Db } from '../../src/platform/db';
import { migrationSource } from '../../db/migrations';
import { BriefStore } from '../../src/briefs/brief-store';

describe('migrating existing rows to hashed quote tokens and redacted links (SPEC §11)', () => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it('when a database from before the change is migrated, then its quote tokens become hashes that still open the quote and logged links are redacted', async () => {
    const before = (await migrationSource.getMigrations([])).filter((name) => name < '20261129100000');
    for (let i = 0; i < before.length; i++) await db.migrate.up({ migrationSource });
    const at = new Date().toISOString();
    const token = 'oldClearTokenAAAAAAAAAAAAAAAAAAAA';
    const [brief] = (await db('briefs')
      .insert({ ref: 'PCE-2026-000001', public_token: token, status: 'sent', payload: '{}', language: 'en', received_at: at, sla_due_at: at, attendees: 10, start_date: '2027-01-01' })
      .returning('id')) as { id: number }[];
    const loginToken = 'signInTokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const mail = (kind: string, body: string) => ({
      dedupe_key: `${kind}|${body.length}`, kind, recipient: 'a@example.org', brief_id: brief!.id, subject: 's', html: `<a href="${body}">x</a>`, text: body, status: 'delivered', attempts: 1, created_at: at, updated_at: at,
    });
    await db('mail_log').insert([mail('draft_quote', `https://pce.example/q/${token}`), mail('login_link', `https://pce.example/auth/link/${loginToken}`)]);

    await migrateToLatest(db);
    await migrateToLatest(db); // safe to run twice

    const row = await db('briefs').where({ id: brief!.id }).first('public_token');
    expect(row.public_token).toBe(createHash('sha256').update(token).digest('hex'));
    expect((await new BriefStore(db).findByPublicToken(token))?.ref).toBe('PCE-2026-000001');
    const logged = (await db('mail_log').orderBy('id').select('html', 'text')) as { html: string; text: string }[];
    const all = logged.map((l) => l.html + l.text).join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(loginToken);
    expect(logged[0]!.text).toBe('https://pce.example/q/QUOTE-LINK-REDACTED');
    expect(logged[1]!.html).toBe('<a href="https://pce.example/auth/link/SIGN-IN-LINK-REDACTED">x</a>');
  });
});
