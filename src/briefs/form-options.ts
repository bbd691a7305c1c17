import { EVENT_TYPES, CRITERIA, type Language } from '../core/brief-schema';
import { LAYOUTS } from '../core/catalogue-types';
import { criterionLabel, t, type MessageKey } from '../i18n/translate';

/** Choices the brief form offers. Destinations are the hub's; anything else can be typed. */
export const REGION_DESTINATIONS = [
  'Aix-en-Provence', 'Ajaccio', 'Antibes', 'Arles', 'Aubagne', 'Avignon', 'Cannes', 'Hyères-les-Palmiers',
  'La Grande Motte', 'Mandelieu-La Napoule', 'Marseille', 'Nice', 'Saint-Raphaël', 'Toulon',
];

const VENUE_TYPES = ['convention_centre', 'hotel', 'seminar_venue'] as const;

/** The form's choices, labelled in the page's language (values are the API's). */
export function formOptions(lang: Language) {
  const labelled = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(lang, `${prefix}${v}` as MessageKey) }));
  return {
    eventTypes: labelled('event_type_', EVENT_TYPES),
    layouts: labelled('layout_', LAYOUTS),
    venueTypes: labelled('venue_type_', VENUE_TYPES),
    destinations: REGION_DESTINATIONS.map((v) => ({ value: v, label: v })),
    criteria: CRITERIA.map((v) => ({ value: v, label: criterionLabel(lang, v) })),
    // Each language is named in itself, whatever the page's language.
    languages: [
      { value: 'en', label: 'English' },
      { value: 'fr', label: 'Français' },
    ],
  };
}
