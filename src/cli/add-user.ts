import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../platform/config';
import { createDb, migrateToLatest } from '../platform/db';
import { isUniqueViolation } from '../platform/errors';
import { STAFF_ROLES, type StaffRole } from '../auth/staff-store';
import { parseEmail } from '../suppliers/csv/cell-values';
import { storesFor } from '../stores';

const USAGE = 'usage: npm run add-user -- --email x@y --name "X" --role venue_staff|hub_staff|hub_admin [--supplier ID ...] [--language fr|en]\n';

/** Adds a staff account. Venue staff need at least one supplier; hub roles see every supplier. */
async function run(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, supplier: { type: 'string', multiple: true }, language: { type: 'string' } },
    strict: true,
  });
  const problems: string[] = [];
  const email = values.email?.trim() ?? '';
  const name = values.name?.trim() ?? '';
  const role = values.role as StaffRole;
  const suppliers = values.supplier ?? [];
  if ('error' in parseEmail(email)) problems.push('--email: an e-mail address is required');
  if (!name) problems.push('--name: required');
  if (!STAFF_ROLES.includes(role)) problems.push(`--role: one of ${STAFF_ROLES.join(', ')}`);
  if (role === 'venue_staff' && suppliers.length === 0) problems.push('--supplier: venue_staff need at least one supplier id');
  if (role !== 'venue_staff' && suppliers.length > 0) problems.push('--supplier: only venue_staff are scoped to suppliers (hub roles see all)');
  // Lead e-mails are in French unless the supplier's staff chose English (SPEC §7).
  const language = values.language ?? 'fr';
  if (language !== 'fr' && language !== 'en') problems.push('--language: fr or en');
  if (problems.length) {
    process.stderr.write(USAGE + problems.map((p) => p + '\n').join(''));
    return 2;
  }
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateToLatest(db);
    const known = new Set((await storesFor(db).suppliers.findSuppliers(suppliers)).map((s) => s.supplierId));
    const unknown = suppliers.filter((id) => !known.has(id));
    if (unknown.length) {
      process.stderr.write(`--supplier: unknown supplier id(s): ${unknown.join(', ')}\n`);
      return 1;
    }
    try {
      const user = await db.transaction(async (trx) => {
        const created = await storesFor(trx).staff.createUser({ email, name, role, supplierIds: suppliers }, new Date());
        await storesFor(trx).leadLanguages.setStaffLanguage(created.id, language as 'fr' | 'en');
        return created;
      });
      process.stdout.write(`added ${user.role} #${user.id}${user.supplierIds.length ? ` for ${user.supplierIds.join(', ')}` : ''}; they sign in at /auth/sign-in\n`);
      return 0;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      process.stderr.write('--email: an account with this address already exists\n');
      return 1;
    }
  } finally {
    await db.destroy();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `add-user failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
