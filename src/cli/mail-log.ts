import { type MailEntry } from '../mail/mail-store';
import { formatParis } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { systemClock } from '../platform/clock';
import { mintLinks } from '../mail/link-minting';
import { availabilityRequestIdsIn, fillLinks, linksIn } from '../mail/redacted-links';
import { runCli, withDatabase, type CliIo } from './cli-io';
import { storesFor } from '../stores';

/**
 * Control characters from text people typed (ESC, BEL, …) would retitle or clear the
 * operator's terminal: each is printed as a visible \xNN escape. Line breaks are kept in
 * bodies, and turned into spaces in the one-line listing.
 */
export function printable(text: string, { oneLine = false } = {}): string {
  const flat = oneLine ? text.replace(/[\r\n\t]+/g, ' ') : text;
  return flat.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * The plain-text part as the operator may read it. The mail log holds links redacted
 * (SPEC §11); with SMTP_URL unset nothing left the machine, so for the first admin's sake a
 * sign-in link that is still unused and unexpired is minted afresh here (voiding any link
 * printed before), and so are the organiser's quote link and a supplier's availability links. With SMTP_URL set, never.
 */
async function readableText(db: Parameters<typeof mintLinks>[0], mail: MailEntry, smtpConfigured: boolean): Promise<string> {
  const carried = linksIn(mail.text);
  if (smtpConfigured || (!carried.signIn && !carried.quote && availabilityRequestIdsIn(mail.text).length === 0)) return mail.text;
  const tokens = await mintLinks(db, mail, systemClock.now());
  if (tokens === null) return `${mail.text}\n(This sign-in link has been used, replaced or has expired: ask for a new one at /auth/sign-in.)\n`;
  return fillLinks(mail.text, tokens);
}

/**
 * npm run mail-log [-- <id>]: read the mail log without a database client. With no id, the
 * latest 50 e-mails; with an id, that e-mail's full plain-text part.
 */
export async function mailLogCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const smtpConfigured = loadConfig(env).smtpUrl !== null;
  return withDatabase(env, async (db) => {
    const store = storesFor(db).mail;
    const id = argv[0] ? Number(argv[0]) : null;
    if (id) {
      const mail = await store.findById(id);
      if (!mail) {
        io.err(`no e-mail #${printable(String(argv[0]))}\n`);
        return 1;
      }
      const text = await readableText(db, mail, smtpConfigured);
      io.out(
        `#${mail.id} ${mail.kind} → ${printable(mail.recipient, { oneLine: true })} [${mail.status}, ${mail.attempts} attempt(s)]\n` +
          `Subject: ${printable(mail.subject, { oneLine: true })}\n\n${printable(text)}`,
      );
      return 0;
    }
    const rows = await store.listRecent(50);
    if (rows.length === 0) io.out('the mail log is empty\n');
    for (const m of rows.reverse()) {
      const line = [`#${m.id}`, formatParis(m.createdAt), m.kind, `${m.status}${m.transport === 'log' ? ' (not sent: no SMTP_URL)' : ''}`, m.recipient, m.subject];
      io.out(`${line.map((f) => printable(f, { oneLine: true })).join('\t')}\n`);
    }
    return 0;
  });
}

if (require.main === module) runCli(mailLogCli, 'mail-log');
