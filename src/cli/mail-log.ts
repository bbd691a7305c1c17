import { loadConfig, ConfigError } from '../platform/config';
import { createDb, migrateToLatest } from '../platform/db';
import { MailStore } from '../mail/mail-store';
import { formatParis } from '../platform/clock';

/**
 * npm run mail-log [-- <id>]: read the mail log without a database client. With no id, the
 * latest 50 e-mails; with an id, that e-mail's full plain-text part.
 */
async function run(): Promise<number> {
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateToLatest(db);
    const store = new MailStore(db);
    const id = process.argv[2] ? Number(process.argv[2]) : null;
    if (id) {
      const mail = await store.findById(id);
      if (!mail) {
        process.stderr.write(`no e-mail #${id}\n`);
        return 1;
      }
      process.stdout.write(`#${mail.id} ${mail.kind} → ${mail.recipient} [${mail.status}, ${mail.attempts} attempt(s)]\nSubject: ${mail.subject}\n\n${mail.text}`);
      return 0;
    }
    const rows = await store.listRecent(50);
    if (rows.length === 0) process.stdout.write('the mail log is empty\n');
    for (const m of rows.reverse()) {
      process.stdout.write(`#${m.id}\t${formatParis(m.createdAt)}\t${m.kind}\t${m.status}${m.transport === 'log' ? ' (not sent: no SMTP_URL)' : ''}\t${m.recipient}\t${m.subject}\n`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `mail-log failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
