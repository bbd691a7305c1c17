import type { Knex } from 'knex';
import * as createSchema from './20261126100000_create_schema';
import * as addAuditSupplier from './20261126120000_add_audit_supplier';
import * as addCatalogueVersion from './20261126140000_add_catalogue_version';
import * as addDashboardIndexes from './20261126150000_add_dashboard_indexes';
import * as addQuoteLinesOptionIndex from './20261126160000_add_quote_lines_option_index';
import * as addLinkAndProposalTables from './20261129100000_add_link_and_proposal_tables';
import * as hashQuoteTokensRedactLinks from './20261129100100_hash_quote_tokens_redact_links';
import * as addBriefAnonymisedAt from './20261129130000_add_brief_anonymised_at';
import * as addOrganiserFollowUp from './20261129110001_add_organiser_follow_up';
import * as addSupplierDigestLanguage from './20261129120000_add_supplier_digest_language';
import * as createObservatoryMonths from './20261129120001_create_observatory_months';
import * as addOptionDatesAndBreakouts from './20261129150000_add_option_dates_and_breakouts';
import * as createBriefSearch from './20261129160000_create_brief_search';
import * as createBriefLifecycle from './20261130100000_create_brief_lifecycle';
import * as addAvailabilityLinks from './20261130110000_add_availability_links';
import * as createSurveyLinks from './20261130120000_create_survey_links';

/**
 * Migrations listed explicitly rather than discovered on disk, so the same list runs under
 * ts-jest, from compiled dist/ and in every entry point. Append; never edit a landed one.
 */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261126100000_create_schema': createSchema,
  '20261126120000_add_audit_supplier': addAuditSupplier,
  '20261126140000_add_catalogue_version': addCatalogueVersion,
  '20261126150000_add_dashboard_indexes': addDashboardIndexes,
  '20261126160000_add_quote_lines_option_index': addQuoteLinesOptionIndex,
  '20261129100000_add_link_and_proposal_tables': addLinkAndProposalTables,
  '20261129100100_hash_quote_tokens_redact_links': hashQuoteTokensRedactLinks,
  '20261129130000_add_brief_anonymised_at': addBriefAnonymisedAt,
  '20261129110001_add_organiser_follow_up': addOrganiserFollowUp,
  '20261129120000_add_supplier_digest_language': addSupplierDigestLanguage,
  '20261129120001_create_observatory_months': createObservatoryMonths,
  '20261129150000_add_option_dates_and_breakouts': addOptionDatesAndBreakouts,
  '20261129160000_create_brief_search': createBriefSearch,
  '20261130100000_create_brief_lifecycle': createBriefLifecycle,
  '20261130110000_add_availability_links': addAvailabilityLinks,
  '20261130120000_create_survey_links': createSurveyLinks,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};
