import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../platform/paths';
import { formatDate, formatMoney, formatVat } from '../platform/format';
import { formatParis } from '../platform/clock';
import { isMessageKey, t } from '../i18n/translate';
import type { Language } from '../core/brief-schema';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const EMAIL_DIR = path.join(VIEWS_DIR, 'emails');

/**
 * E-mail templates on their own Handlebars instance (helpers and partials of the pages never
 * leak in). HTML and plain text come from separate templates; `{{ }}` escapes all user text.
 * The text instance does not HTML-escape, since a plain-text part is not HTML.
 */
export class EmailRenderer {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    for (const hb of [this.html, this.text]) {
      // {{t "key"}} in the root context's language, or {{t lang "key"}}; {hub} and {email} default to the signing hub.
      hb.registerHelper('t', (...args: unknown[]) => {
        const options = args.pop() as Handlebars.HelperOptions;
        const [first, second] = args as string[];
        const root = options.data?.root as { lang?: unknown; hub?: { name?: string; email?: string } } | undefined;
        const lang: Language = (second !== undefined ? first : root?.lang) === 'fr' ? 'fr' : 'en';
        const key = second ?? first ?? '';
        if (!isMessageKey(key)) throw new Error(`no message "${key}" in the catalogue`);
        return t(lang, key, { hub: root?.hub?.name ?? 'PCE Front Office', email: root?.hub?.email, ...options.hash });
      });
      hb.registerHelper('money', (cents: number, lang: Language) => formatMoney(cents, lang));
      hb.registerHelper('date', (iso: string, lang: Language) => formatDate(iso, lang));
      hb.registerHelper('datetime', (iso: string, lang: Language) => formatParis(iso, lang));
      hb.registerHelper('vat', (pct: number, lang: Language) => formatVat(pct, lang));
      hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    }
    for (const file of readdirSync(EMAIL_DIR)) {
      const m = /^(.+)\.(html|text)\.hbs$/.exec(file);
      if (!m) continue;
      const source = readFileSync(path.join(EMAIL_DIR, file), 'utf8');
      const hb = m[2] === 'html' ? this.html : this.text;
      if (m[1]!.startsWith('_')) hb.registerPartial(m[1]!.slice(1), source);
      else this.templates.set(`${m[1]}.${m[2]}`, hb.compile(source, { noEscape: m[2] === 'text', strict: false }));
    }
  }

  render(template: string, subject: string, context: Record<string, unknown>): RenderedEmail {
    const html = this.templates.get(`${template}.html`);
    const text = this.templates.get(`${template}.text`);
    if (!html || !text) throw new Error(`e-mail template ${template} is missing its .html.hbs or .text.hbs`);
    const ctx = { ...context, subject };
    return { subject, html: html(ctx), text: text(ctx).replace(/\n{3,}/g, '\n\n').trim() + '\n' };
  }
}
