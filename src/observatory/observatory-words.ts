import type { Language } from '../core/brief-schema';

/**
 * The observatory's labels in both languages: the staff pages are in English (they have no
 * language switch yet), the monthly digest is in French unless the supplier asked for English.
 */
const EVENT_TYPES: Record<Language, Record<string, string>> = {
  en: { congress: 'Congress', seminar: 'Seminar', incentive: 'Incentive', gala: 'Gala', trade_show: 'Trade show', other: 'Other' },
  fr: { congress: 'Congrès', seminar: 'Séminaire', incentive: 'Incentive', gala: 'Soirée de gala', trade_show: 'Salon', other: 'Autre' },
};

const CAUSES: Record<Language, Record<string, string>> = {
  en: {
    capacity: 'Capacity',
    destinations: 'Destination',
    venue_types: 'Venue type',
    budget: 'Budget',
    accessible: 'Step-free access',
    quality_label: 'Quality label',
    dates: 'Dates',
    onsite_accommodation: 'Rooms on site',
    unpriceable: 'No rates',
    no_venue: 'No active venue',
  },
  fr: {
    capacity: 'Capacité',
    destinations: 'Destination',
    venue_types: 'Type de lieu',
    budget: 'Budget',
    accessible: 'Accessibilité PMR',
    quality_label: 'Label qualité',
    dates: 'Dates',
    onsite_accommodation: 'Hébergement sur place',
    unpriceable: 'Tarifs manquants',
    no_venue: 'Aucun lieu actif',
  },
};

const PLACES: Record<Language, { region: string; anywhere: string; other: string }> = {
  en: { region: 'Whole region', anywhere: 'Anywhere in the region', other: 'Other places named' },
  fr: { region: 'Toute la région', anywhere: 'N’importe où dans la région', other: 'Autres lieux cités' },
};

const MONTHS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export function eventTypeLabel(lang: Language, type: string): string {
  return EVENT_TYPES[lang][type] ?? type;
}

export function causeLabel(lang: Language, cause: string): string {
  return CAUSES[lang][cause] ?? cause;
}

/** A destination key's name: the region, "anywhere", or the city as first written. */
export function placeLabel(lang: Language, key: string, label: string): string {
  if (key === '*') return PLACES[lang].region;
  if (key === '') return PLACES[lang].anywhere;
  if (key === '~') return PLACES[lang].other;
  return label;
}

const LONG_MONTHS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** "Mar 2027" / "mars 2027" for tables and charts; `long` spells the month out ("March 2027"). */
export function monthLabel(lang: Language, key: string, long = false): string {
  return (long ? LONG_MONTHS : MONTHS)[lang].format(new Date(`${key}-01T00:00:00Z`));
}

export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}

/** The monthly digest's sentences; `{name}` placeholders are filled by `digestText`. */
const DIGEST = {
  en: {
    subject: 'PCE observatory: demand in {month}',
    greeting: 'Hello {name},',
    intro: 'Here is what the briefs received by the hub in {month} say about demand in the region.',
    region: 'The region',
    briefs: 'Briefs',
    attendees: 'Attendees',
    eventTypes: 'Event types',
    leadTime: 'Lead time (brief to event), median',
    budget: 'Budget per attendee, median (Q1 – Q3)',
    interest: 'Quotes sent / interest recorded',
    withheld: 'Figures withheld: fewer than {min} briefs this month.',
    budgetWithheld: 'withheld (fewer than {min} briefs gave a budget)',
    destinations: 'Busiest destinations',
    unmet: 'Demand the region could not serve',
    unmetNone: 'Every brief found at least one feasible venue.',
    unmetLine: '{criterion}: {briefs} brief(s)',
    yours: 'Your leads ({name})',
    yourLeads: '{leads} lead(s), {interested} with the organiser’s interest.',
    link: 'See every month and destination on the observatory',
    days: '{n} days',
    optOut: 'You receive this digest once a month as a member of the hub. The language can be changed on the observatory page.',
  },
  fr: {
    subject: 'Observatoire PCE : la demande en {month}',
    greeting: 'Bonjour {name},',
    intro: 'Voici ce que disent de la demande les demandes reçues par le hub en {month}.',
    region: 'La région',
    briefs: 'Demandes',
    attendees: 'Participants',
    eventTypes: 'Types d’événement',
    leadTime: 'Délai entre demande et événement, médiane',
    budget: 'Budget par participant, médiane (Q1 – Q3)',
    interest: 'Devis envoyés / intérêt exprimé',
    withheld: 'Chiffres non publiés : moins de {min} demandes ce mois-ci.',
    budgetWithheld: 'non publié (moins de {min} demandes avec budget)',
    destinations: 'Destinations les plus demandées',
    unmet: 'La demande que la région n’a pas pu servir',
    unmetNone: 'Chaque demande a trouvé au moins un lieu possible.',
    unmetLine: '{criterion}\u00a0: {briefs} demande(s)',
    yours: 'Vos contacts ({name})',
    yourLeads: '{leads} demande(s) transmise(s), dont {interested} avec l’intérêt de l’organisateur.',
    link: 'Voir chaque mois et chaque destination sur l’observatoire',
    days: '{n} jours',
    optOut: 'Vous recevez cette synthèse une fois par mois en tant que membre du hub. La langue se change sur la page de l’observatoire.',
  },
} as const;

export type DigestKey = keyof (typeof DIGEST)['en'];

export function digestText(lang: Language, key: DigestKey, params: Record<string, string | number> = {}): string {
  return DIGEST[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
