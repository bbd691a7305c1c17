import { MailStore } from '../mail/mail-store';
import { formatParis } from '../platform/clock';
import { runCli, withDatabase, type CliIo } from './cli-io';

/**
 * npm run mail-log [-- <id>]: read the mail log without a database client. With no id, the
 * latest 50 e-mails; with an id, that e-mail's full plain-text part.
 */
export async function mailLogCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  return withDatabase(env, async (db) => {
    const store = new MailStore(db);
    const id = argv[0] ? Number(argv[0]) : null;
    if (id) {
      const mail = await store.findById(id);
      if (!mail) {
        io.err(`no e-mail #${id}\n`);
        return 1;
      }
      io.out(`#${mail.id} ${mail.kind} → ${mail.recipient} [${mail.status}, ${mail.attempts} attempt(s)]\nSubject: ${mail.subject}\n\n${mail.text}`);
      return 0;
    }
    const rows = await store.listRecent(50);
    if (rows.length === 0) io.out('the mail log is empty\n');
    for (const m of rows.reverse()) {
      io.out(`#${m.id}\t${formatParis(m.createdAt)}\t${m.kind}\t${m.status}${m.transport === 'log' ? ' (not sent: no SMTP_URL)' : ''}\t${m.recipient}\t${m.subject}\n`);
    }
    return 0;
  });
}

if (require.main === module) runCli(mailLogCli, 'mail-log');
