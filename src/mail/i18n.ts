/** Kept for older imports: the catalogue lives in src/i18n (one per language, organiser pages and e-mails alike). */
export { t, criterionLabel, unitLabel, type MessageKey } from '../i18n/translate';
