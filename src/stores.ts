import type { Knex } from 'knex';
import { AppSecretStore } from './auth/app-secret-store';
import { AvailabilityStore } from './availability/availability-store';
import { StaffStore } from './auth/staff-store';
import { BriefStore } from './briefs/brief-store';
import { SurveyLinkStore } from './briefs/survey-link-store';
import { IntakeStore } from './briefs/intake-store';
import { MailStore } from './mail/mail-store';
import { DigestStore } from './observatory/digest-store';
import { ObservatoryMonthStore } from './observatory/observatory-month-store';
import { PersonalDataStore } from './privacy/personal-data-store';
import { OutboxStore } from './queue/outbox-store';
import { LeadLanguageStore } from './quotes/lead-language-store';
import { QuoteLinkStore } from './quotes/quote-link-store';
import { QuoteStore } from './quotes/quote-store';
import { AuditStore } from './suppliers/audit-store';
import { CatalogueEditStore } from './suppliers/catalogue-edit-store';
import { CatalogueVersionStore } from './suppliers/catalogue-version-store';
import { SupplierProposalStore } from './suppliers/proposal-store';
import { SupplierStore } from './suppliers/supplier-store';

/** Every store, over one connection or one transaction. */
export interface Stores {
  readonly appSecrets: AppSecretStore;
  readonly audit: AuditStore;
  readonly availability: AvailabilityStore;
  readonly briefs: BriefStore;
  readonly catalogueEdits: CatalogueEditStore;
  readonly catalogueVersion: CatalogueVersionStore;
  readonly digests: DigestStore;
  readonly intake: IntakeStore;
  readonly leadLanguages: LeadLanguageStore;
  readonly mail: MailStore;
  readonly observatoryMonths: ObservatoryMonthStore;
  readonly outbox: OutboxStore;
  readonly personalData: PersonalDataStore;
  readonly proposals: SupplierProposalStore;
  readonly quoteLinks: QuoteLinkStore;
  readonly quotes: QuoteStore;
  readonly staff: StaffStore;
  readonly suppliers: SupplierStore;
  readonly surveyLinks: SurveyLinkStore;
}

const FACTORIES: { [K in keyof Stores]: (db: Knex | Knex.Transaction) => Stores[K] } = {
  appSecrets: (db) => new AppSecretStore(db as Knex),
  audit: (db) => new AuditStore(db),
  availability: (db) => new AvailabilityStore(db),
  briefs: (db) => new BriefStore(db),
  catalogueEdits: (db) => new CatalogueEditStore(db),
  catalogueVersion: (db) => new CatalogueVersionStore(db),
  digests: (db) => new DigestStore(db),
  intake: (db) => new IntakeStore(db as Knex),
  leadLanguages: (db) => new LeadLanguageStore(db as Knex),
  mail: (db) => new MailStore(db),
  observatoryMonths: (db) => new ObservatoryMonthStore(db),
  outbox: (db) => new OutboxStore(db),
  personalData: (db) => new PersonalDataStore(db),
  proposals: (db) => new SupplierProposalStore(db),
  quoteLinks: (db) => new QuoteLinkStore(db),
  quotes: (db) => new QuoteStore(db),
  staff: (db) => new StaffStore(db),
  suppliers: (db) => new SupplierStore(db),
  surveyLinks: (db) => new SurveyLinkStore(db),
};

/**
 * The unit of work: every store over `db`, a connection or a transaction. Use cases open a
 * transaction and take their stores from it (`storesFor(trx).briefs`), so everything they write
 * commits or rolls back together; nothing else constructs a store. Stores are made on first use.
 */
export function storesFor(db: Knex | Knex.Transaction): Stores {
  const made = new Map<keyof Stores, unknown>();
  const stores = {} as Stores;
  for (const key of Object.keys(FACTORIES) as (keyof Stores)[]) {
    Object.defineProperty(stores, key, {
      enumerable: true,
      get: () => {
        if (!made.has(key)) made.set(key, FACTORIES[key](db));
        return made.get(key);
      },
    });
  }
  return stores;
}
