import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Data migration for SPEC §11: the organiser's quote token is kept only as its SHA-256 (lookups
 * by hash), and e-mails already in the mail log lose the links that would let someone in: the
 * sign-in links of login, invitation and reminder e-mails and the organisers' quote links are
 * replaced by the same placeholders new e-mails are logged with. Safe to run twice: a value
 * that is already a hash, or a link already redacted, is left as it is.
 */
const HASHED = /^[0-9a-f]{64}$/;
const SIGN_IN = /\/auth\/link\/[A-Za-z0-9_-]+/g;
const QUOTE = /\/q\/[A-Za-z0-9_-]+/g;
const CHUNK = 500;

export const redactStoredLinks = (body: string): string =>
  body.replace(SIGN_IN, '/auth/link/SIGN-IN-LINK-REDACTED').replace(QUOTE, '/q/QUOTE-LINK-REDACTED');

export async function up(knex: Knex): Promise<void> {
  for (let after = 0; ; ) {
    const rows = (await knex('briefs').where('id', '>', after).orderBy('id').limit(CHUNK).select('id', 'public_token')) as { id: number; public_token: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!HASHED.test(row.public_token)) {
        await knex('briefs').where({ id: row.id }).update({ public_token: createHash('sha256').update(row.public_token).digest('hex') });
      }
    }
    after = rows[rows.length - 1]!.id;
  }
  for (let after = 0; ; ) {
    const rows = (await knex('mail_log')
      .where('id', '>', after)
      .where((q) => q.where('html', 'like', '%/auth/link/%').orWhere('html', 'like', '%/q/%').orWhere('text', 'like', '%/auth/link/%').orWhere('text', 'like', '%/q/%'))
      .orderBy('id')
      .limit(CHUNK)
      .select('id', 'html', 'text')) as { id: number; html: string; text: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const html = redactStoredLinks(row.html);
      const text = redactStoredLinks(row.text);
      if (html !== row.html || text !== row.text) await knex('mail_log').where({ id: row.id }).update({ html, text });
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** Hashes cannot be undone: going back leaves the hashed tokens and redacted copies in place. */
export async function down(): Promise<void> {}
