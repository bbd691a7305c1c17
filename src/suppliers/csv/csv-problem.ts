/**
 * What is wrong with a cell, a row or a file, as a catalogue key and its parameters (SPEC §3:
 * messages for a person, in French or English). The English sentence is also the CLI's message.
 */
import type { Language } from '../../core/brief-schema';
import type { csvEn } from '../../i18n/csv-messages';
import { t } from '../../i18n/translate';

export type CsvMessageKey = keyof typeof csvEn;

export interface CsvProblem {
  key: CsvMessageKey;
  params: Record<string, string | number>;
}

export const problem = (key: CsvMessageKey, params: Record<string, string | number> = {}): CsvProblem => ({ key, params });

export const problemText = (lang: Language, p: CsvProblem): string => t(lang, p.key, p.params);
