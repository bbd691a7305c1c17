/** Every table name in one place; only stores use them. */
export const TABLES = {
  suppliers: 'suppliers',
  spaces: 'spaces',
  rates: 'rates',
  blackouts: 'blackouts',
  briefs: 'briefs',
  quotes: 'quotes',
  quoteOptions: 'quote_options',
  quoteLines: 'quote_lines',
  mailLog: 'mail_log',
  outbox: 'outbox',
  staffUsers: 'staff_users',
  staffUserSuppliers: 'staff_user_suppliers',
  loginTokens: 'login_tokens',
  staffSessions: 'staff_sessions',
  auditLog: 'audit_log',
  catalogueVersion: 'catalogue_version',
} as const;
