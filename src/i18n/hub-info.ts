import type { Config } from '../platform/config';

/** Who signs the organiser's pages, e-mails and PDF (SPEC §7): the hub's name, contact and advisor. */
export interface HubInfo {
  name: string;
  email: string;
  phone: string | null;
  advisor: string | null;
  quoteValidDays: number;
  retentionMonths: number;
}

type HubConfig = Pick<Config, 'hubName' | 'hubEmail' | 'hubPhone' | 'hubAdvisor' | 'quoteValidDays' | 'retentionMonths'>;

export const DEFAULT_HUB: HubInfo = { name: 'PCE Front Office', email: 'hub@localhost', phone: null, advisor: null, quoteValidDays: 30, retentionMonths: 36 };

/** Tolerates a partial config (tests build a few by hand): what is missing takes SPEC §2's default. */
export function hubInfo(config: Partial<HubConfig>): HubInfo {
  return {
    name: config.hubName ?? DEFAULT_HUB.name,
    email: config.hubEmail ?? DEFAULT_HUB.email,
    phone: config.hubPhone ?? null,
    advisor: config.hubAdvisor ?? null,
    quoteValidDays: config.quoteValidDays ?? DEFAULT_HUB.quoteValidDays,
    retentionMonths: config.retentionMonths ?? DEFAULT_HUB.retentionMonths,
  };
}
