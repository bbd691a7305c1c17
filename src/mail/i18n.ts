import type { Language } from '../briefs/brief-schema';

/** Strings of the organiser-facing e-mails and pages, in the organiser's language. */
const en = {
  greeting: 'Dear {name},',
  received_subject: 'We have your brief {ref} — draft quote by {due}',
  received_intro: 'Thank you: we have received your brief "{title}" and it is being matched against the agreed rates of the region\'s venues and suppliers.',
  received_promise: 'You will receive a combined draft quote by {due} (Paris time) at the latest — usually within minutes.',
  received_ref: 'Your reference: {ref}',
  quote_subject: 'Your draft quote {ref}: {count} venue options',
  quote_intro: 'Here is your combined draft quote for "{title}" ({dates}, {attendees} attendees). Each option prices the venue, meeting package, meals, rooms and AV at the agreed rates.',
  quote_link: 'See and compare the options online',
  quote_validity: 'These prices are valid until {date}, subject to availability.',
  option: 'Option {rank}',
  why: 'Why this option',
  total_net: 'Total excluding VAT',
  vat_at: 'VAT at {pct}',
  total_gross: 'Total including VAT',
  quantity: 'Qty',
  unit_price: 'Unit price',
  amount: 'Amount excl. VAT',
  description: 'Item',
  note_from_hub: 'A note from the hub',
  sign_off: 'The PCE Front Office team',
  met: 'yes',
  not_met: 'no',
  must_have: 'must have',
  colon: ':',
  at_a_glance: 'Your options at a glance',
  space: 'Room',
  vat: 'VAT',
  criteria_met: '{met} of {total} wishes met',
  all_must_haves: 'every must-have met',
  see_details: 'Details',
  valid_until: 'Valid until {date}',
  line_detail: '{quantity} × {unit}',
  interested: 'This option interests me',
  interest_recorded: 'Thank you: we have told the hub and {venue} that option {rank} interests you. They will be in touch.',
  interest_current: 'You told us that option {rank} ({venue}) interests you.',
  interest_closed: 'This quote can no longer be answered online. Please reply to our e-mail.',
  quote_title: 'Quote {ref}',
  version: 'version {version}',
  print_hint: 'Print or save this page as PDF from your browser.',
  preparing: 'Your quote is being prepared. You will receive it by e-mail by {due} at the latest.',
};
type Dict = typeof en;
const fr: Dict = {
  greeting: 'Bonjour {name},',
  received_subject: 'Votre demande {ref} est bien reçue — devis au plus tard le {due}',
  received_intro: 'Merci : nous avons bien reçu votre demande « {title} ». Nous la rapprochons des tarifs négociés des lieux et prestataires de la région.',
  received_promise: 'Vous recevrez un devis combiné au plus tard le {due} (heure de Paris), en général en quelques minutes.',
  received_ref: 'Votre référence : {ref}',
  quote_subject: 'Votre devis {ref} : {count} propositions de lieux',
  quote_intro: 'Voici votre devis combiné pour « {title} » ({dates}, {attendees} participants). Chaque proposition chiffre le lieu, le forfait séminaire, les repas, l\'hébergement et la technique aux tarifs négociés.',
  quote_link: 'Voir et comparer les propositions en ligne',
  quote_validity: 'Ces prix sont valables jusqu\'au {date}, sous réserve de disponibilité.',
  option: 'Proposition {rank}',
  why: 'Pourquoi cette proposition',
  total_net: 'Total HT',
  vat_at: 'TVA à {pct}',
  total_gross: 'Total TTC',
  quantity: 'Qté',
  unit_price: 'Prix unitaire HT',
  amount: 'Montant HT',
  description: 'Prestation',
  note_from_hub: 'Un mot de notre équipe',
  sign_off: 'L\'équipe PCE Front Office',
  met: 'oui',
  not_met: 'non',
  must_have: 'impératif',
  colon: '\u00a0:',
  at_a_glance: 'Vos propositions en un coup d’œil',
  space: 'Salle',
  vat: 'TVA',
  criteria_met: '{met} souhaits remplis sur {total}',
  all_must_haves: 'tous les impératifs respectés',
  see_details: 'Détail',
  valid_until: 'Valable jusqu’au {date}',
  line_detail: '{quantity} × {unit}',
  interested: 'Cette proposition m’intéresse',
  interest_recorded: 'Merci : nous avons informé notre équipe et {venue} que la proposition {rank} vous intéresse. Ils vous recontacteront.',
  interest_current: 'Vous nous avez indiqué que la proposition {rank} ({venue}) vous intéresse.',
  interest_closed: 'Ce devis ne peut plus recevoir de réponse en ligne. Merci de répondre à notre e-mail.',
  quote_title: 'Devis {ref}',
  version: 'version {version}',
  print_hint: 'Imprimez ou enregistrez cette page en PDF depuis votre navigateur.',
  preparing: 'Votre devis est en préparation. Vous le recevrez par e-mail au plus tard le {due}.',
};
export type MessageKey = keyof Dict;
const DICTS: Record<Language, Dict> = { en, fr };

export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return DICTS[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

const CRITERION_LABELS: Record<Language, Record<string, string>> = {
  en: {
    destinations: 'Destination',
    venue_types: 'Venue type',
    budget: 'Budget',
    accessible: 'Step-free access',
    quality_label: 'Quality label',
    dates: 'Availability on your dates',
    onsite_accommodation: 'Rooms on site',
  },
  fr: {
    destinations: 'Destination',
    venue_types: 'Type de lieu',
    budget: 'Budget',
    accessible: 'Accessibilité PMR',
    quality_label: 'Label qualité',
    dates: 'Disponibilité à vos dates',
    onsite_accommodation: 'Hébergement sur place',
  },
};

export function criterionLabel(lang: Language, criterion: string): string {
  return CRITERION_LABELS[lang][criterion] ?? criterion;
}
