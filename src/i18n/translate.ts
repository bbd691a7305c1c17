import type { Language } from '../core/brief-schema';
import { en, type MessageKey, type Messages } from './messages-en';
import { fr } from './messages-fr';

export type { MessageKey, Messages };

/** The one catalogue per language; templates and code hold keys, never sentences. */
export const CATALOGUES: Readonly<Record<Language, Messages>> = { en, fr };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The sentence for `key` in `lang`, with `{name}` parameters filled in (an unknown one stays visible). */
export function t(lang: Language, key: MessageKey, params: Record<string, unknown> = {}): string {
  const dict = lang === 'fr' ? fr : en;
  return dict[key].replace(/\{(\w+)\}/g, (_, name: string) => (params[name] === undefined || params[name] === null ? `{${name}}` : String(params[name])));
}

/** A key built from data ("criterion_" + criterion), falling back to the raw value when it is not in the catalogue. */
export function tOr(lang: Language, key: string, fallback: string): string {
  return isMessageKey(key) ? t(lang, key) : fallback;
}

export function criterionLabel(lang: Language, criterion: string): string {
  return tOr(lang, `criterion_${criterion}`, criterion);
}

/** "par personne et par jour" / "per room per night": what one unit of a quote line is. */
export function unitLabel(lang: Language, item: string): string {
  return tOr(lang, `unit_${item}`, t(lang, 'unit_other'));
}

/**
 * The language of an organiser's page: an explicit choice (`?lang=fr`, the visible switch) wins;
 * otherwise French when the browser's Accept-Language ranks `fr` above `en`, else `fallback`.
 */
export function pickLanguage(explicit: unknown, acceptLanguage: string | undefined, fallback: Language = 'en'): Language {
  if (explicit === 'fr' || explicit === 'en') return explicit;
  if (!acceptLanguage) return fallback;
  let best: { lang: Language; q: number; order: number } | null = null;
  acceptLanguage.split(',').forEach((part, order) => {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag?.trim().split('-')[0];
    if (primary !== 'fr' && primary !== 'en') return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    if (!best || q > best.q || (q === best.q && order < best.order)) best = { lang: primary, q, order };
  });
  return (best as { lang: Language } | null)?.lang ?? fallback;
}
