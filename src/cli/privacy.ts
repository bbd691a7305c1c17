import { systemClock } from '../platform/clock';
import { PrivacyService } from '../privacy/privacy-service';
import { normaliseLookupEmail } from '../privacy/retention-rules';
import { runCli, withDatabase, type CliIo } from './cli-io';

const USAGE = 'usage: npm run privacy -- export <email>        everything held about the address, as JSON on stdout\n' +
  '       npm run privacy -- erase <email> [--yes]  without --yes: what would be erased (nothing is changed)\n';

/**
 * SPEC §12 from the command line, for hub admins with shell access. Both commands are written to
 * the audit log (actor "cli") with a hash prefix of the address, never the address itself.
 */
export async function privacyCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [command, raw, ...rest] = argv;
  const email = raw === undefined ? null : normaliseLookupEmail(raw);
  const confirmed = rest.includes('--yes');
  if ((command !== 'export' && command !== 'erase') || email === null || rest.some((a) => a !== '--yes') || (command === 'export' && confirmed)) {
    io.err(USAGE);
    return 2;
  }
  return withDatabase(env, async (db) => {
    const privacy = new PrivacyService({ db, clock: systemClock });
    if (command === 'export') {
      const report = await privacy.find(email);
      await privacy.recordAccess(email, 'cli', 'export', report);
      io.out(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    if (!confirmed) {
      const report = await privacy.find(email);
      io.out(
        `would erase this address from ${report.places.length} place(s): ${report.briefs.length} brief(s), ${report.mail_log.length} e-mail(s), ` +
          `${report.staff_account ? 'a' : 'no'} staff account, ${report.audit_log.length} audit entr(y/ies), ${report.quotes.length} quote version(s)\n` +
          (report.supplier_contacts.length ? `kept: the contact address of supplier(s) ${report.supplier_contacts.map((s) => s.supplier_id).join(', ')} (change it in the catalogue)\n` : '') +
          'nothing was changed; run again with --yes to erase\n',
      );
      return 1;
    }
    const outcome = await privacy.erase(email, 'cli');
    io.out(
      `erased (${outcome.subject}): ${outcome.briefsAnonymised} brief(s) anonymised (${outcome.briefsCancelled} cancelled), ${outcome.mailsEmptied} e-mail(s) emptied, ` +
        `${outcome.mentionsRemoved} other mention(s) removed, staff account ${outcome.staffAccountErased ? 'anonymised' : 'none'}, ` +
        `${outcome.auditEntriesRewritten} audit entr(y/ies) and ${outcome.quotesRewritten} quote version(s) rewritten\n` +
        (outcome.supplierContacts.length ? `kept: the contact address of supplier(s) ${outcome.supplierContacts.join(', ')} (change it in the catalogue)\n` : ''),
    );
    return 0;
  });
}

if (require.main === module) runCli(privacyCli, 'privacy');
