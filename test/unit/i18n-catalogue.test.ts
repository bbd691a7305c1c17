import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUES, pickLanguage, t } from '../../src/i18n/translate';
import { humanFieldErrors } from '../../src/briefs/form-errors';
import { briefSchema, toFieldErrors } from '../../src/core/brief-schema';

const VIEWS = path.resolve(__dirname, '..', '..', 'views');

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? templates(full) : entry.endsWith('.hbs') ? [full] : [];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation catalogue', () => {
  const en = CATALOGUES.en as Record<string, string>;
  const fr = CATALOGUES.fr as Record<string, string>;

  it('when a key exists in one language, then it exists in the other, is not empty and takes the same parameters', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect([key, en[key]!.trim().length > 0, fr[key]!.trim().length > 0]).toEqual([key, true, true]);
      expect([key, placeholders(fr[key]!)]).toEqual([key, placeholders(en[key]!)]);
    }
  });

  it('when a template names a message, then the catalogue has it', () => {
    const used = new Set<string>();
    for (const file of templates(VIEWS)) {
      const source = readFileSync(file, 'utf8');
      // {{t "key"}}, {{t lang "key"}}, {{t ../lang "key"}}, (t "key"), {{t switchLang "key"}}
      for (const m of source.matchAll(/[{(]t (?:[\w./]+ )?"(\w+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('when French text is shown, then it is not the English text (apart from words both languages share)', () => {
    const shared = new Set(['site_name', 'label_email', 'label_type', 'label_organisation', 'label_destinations', 'option_dates', 'criterion_destinations', 'criterion_budget',
      'line_detail', 'event_type_incentive', 'layout_banquet', 'layout_cabaret', 'contact_label', 'email_label', 'version_label', 'layout_reception', 'event_type_gala']);
    const same = Object.keys(en).filter((k) => en[k] === fr[k] && !shared.has(k));
    expect(same).toEqual([]);
  });

  it('when parameters are given, then they fill the sentence', () => {
    expect(t('fr', 'quote_title', { ref: 'PCE-2027-000042' })).toBe('Devis PCE-2027-000042');
    expect(t('en', 'unit_day_delegate')).toBe('per person per day');
    expect(t('fr', 'unit_day_delegate')).toBe('par personne et par jour');
  });
});

describe('page language', () => {
  it.each([
    [undefined, 'fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    [undefined, 'en-GB,en;q=0.9,fr;q=0.8', 'en'],
    [undefined, 'de-DE,de;q=0.9,fr;q=0.5', 'fr'],
    [undefined, 'en;q=0.5,fr;q=0.6', 'fr'],
    [undefined, 'fr;q=0.5,en;q=0.5', 'fr'],
    [undefined, undefined, 'en'],
    [undefined, 'de', 'en'],
    ['en', 'fr-FR', 'en'],
    ['fr', 'en-GB', 'fr'],
    ['xx', 'fr-CA', 'fr'],
  ])('when ?lang=%s and Accept-Language is %s, then the page is in %s', (explicit, accept, expected) => {
    expect(pickLanguage(explicit, accept)).toBe(expected);
  });
});

describe('form errors for a person', () => {
  const today = '2027-01-10';
  const errorsFor = (input: unknown, lang: 'en' | 'fr') => {
    const parsed = briefSchema(today).safeParse(input);
    if (parsed.success) throw new Error('expected the brief to be refused');
    return humanFieldErrors(toFieldErrors(parsed.error), lang);
  };
  const bad = {
    organiser: { name: '', email: 'not-an-address' },
    event: { start_date: '2027-01-01', end_date: '2026-12-31', attendees: 0, layout: 'circus' },
    venue_types: ['castle'],
  };

  it('when a French brief is refused, then each message is a French sentence for the field, never a field path', () => {
    const errors = errorsFor(bad, 'fr');
    expect(Object.fromEntries(errors.map((e) => [e.field, e.message]))).toEqual({
      'organiser.name': 'Indiquez votre nom',
      'organiser.email': 'Indiquez votre adresse e-mail, par exemple nom@exemple.fr',
      'event.attendees': 'Indiquez un nombre de participants entre 1 et 5\u00a0000',
      'event.layout': 'Choisissez la disposition de la salle plénière',
      venue_types: 'Choisissez parmi les options proposées',
    });
  });

  it('when only the dates are wrong, then the date rules are told in the page language', () => {
    const dates = (start: string, end: string) => ({ organiser: { name: 'Ada', email: 'ada@example.org' }, event: { start_date: start, end_date: end, attendees: 10, layout: 'theatre' } });
    expect(errorsFor(dates('2027-01-01', '2027-01-02'), 'fr')).toEqual([{ field: 'event.start_date', message: 'Le premier jour doit être aujourd’hui ou plus tard' }]);
    expect(errorsFor(dates('2027-02-02', '2027-02-01'), 'fr')).toEqual([{ field: 'event.end_date', message: 'Le dernier jour doit être le premier jour ou après' }]);
    expect(errorsFor(dates('2027-02-01', '2027-03-01'), 'en')).toEqual([{ field: 'event.end_date', message: 'The event may last at most 14 days' }]);
    expect(errorsFor(dates('', '2027-03-01'), 'en')).toEqual([{ field: 'event.start_date', message: 'Enter the first day of the event' }]);
  });

  it('when an English brief is refused, then the messages are English sentences', () => {
    const errors = errorsFor(bad, 'en');
    expect(errors.find((e) => e.field === 'organiser.email')!.message).toBe('Enter your e-mail address, like name@example.org');
    for (const e of errors) expect(e.message).not.toMatch(/organiser\.|event\.|must be/);
  });
});
