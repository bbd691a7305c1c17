import { EVENT_TYPES, CRITERIA } from './brief-schema';
import { LAYOUTS } from '../suppliers/catalogue-types';

/** Choices the brief form offers. Destinations are the hub's; anything else can be typed. */
export const REGION_DESTINATIONS = [
  'Aix-en-Provence', 'Ajaccio', 'Antibes', 'Arles', 'Aubagne', 'Avignon', 'Cannes', 'Hyères-les-Palmiers',
  'La Grande Motte', 'Mandelieu-La Napoule', 'Marseille', 'Nice', 'Saint-Raphaël', 'Toulon',
];

const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

export const FORM_OPTIONS = {
  eventTypes: EVENT_TYPES.map((v) => ({ value: v, label: label(v) })),
  layouts: LAYOUTS.map((v) => ({ value: v, label: label(v) })),
  venueTypes: [
    { value: 'convention_centre', label: 'Convention centre' },
    { value: 'hotel', label: 'Seminar hotel' },
    { value: 'seminar_venue', label: 'Seminar venue' },
  ],
  destinations: REGION_DESTINATIONS.map((v) => ({ value: v, label: v })),
  criteria: CRITERIA.map((v) => ({ value: v, label: label(v).replace('Onsite', 'On-site') })),
  languages: [
    { value: 'en', label: 'English' },
    { value: 'fr', label: 'Français' },
  ],
};
