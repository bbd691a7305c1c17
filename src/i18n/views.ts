import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../platform/paths';
import { formatMoney, formatDate, formatVat } from '../platform/format';
import { formatParis } from '../platform/clock';
import { isMessageKey, t } from './translate';
import { DEFAULT_HUB, type HubInfo } from './hub-info';

/**
 * Page templates on their own Handlebars instance: views/<feature>/<page>.hbs inside
 * views/layouts/main.hbs, partials from views/partials. Compiled once at boot.
 */
export class PageRenderer {
  private readonly hb = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(
    dir = VIEWS_DIR,
    private readonly hub: HubInfo = DEFAULT_HUB,
  ) {
    // {{t "key" name=value}}: the page's language (the root context's `lang`, English by default);
    // {{t lang "key"}} names it. The hub's name and address fill {hub} and {email} unless given.
    this.hb.registerHelper('t', (...args: unknown[]) => {
      const options = args.pop() as Handlebars.HelperOptions;
      const [first, second] = args as string[];
      const root = options.data?.root as { lang?: unknown } | undefined;
      const lang = second !== undefined ? (first === 'fr' ? 'fr' : 'en') : root?.lang === 'fr' ? 'fr' : 'en';
      const key = second ?? first ?? '';
      if (!isMessageKey(key)) throw new Error(`no message "${key}" in the catalogue`);
      return t(lang, key, { hub: this.hub.name, email: this.hub.email, ...options.hash });
    });
    this.hb.registerHelper('money', (cents: number, lang: unknown) => formatMoney(cents, lang === 'fr' ? 'fr' : 'en'));
    this.hb.registerHelper('date', (iso: string, lang: unknown) => formatDate(iso, lang === 'fr' ? 'fr' : 'en'));
    this.hb.registerHelper('datetime', (iso: string, lang: unknown) => formatParis(iso, lang === 'fr' ? 'fr' : 'en'));
    this.hb.registerHelper('vat', (pct: number, lang: unknown) => formatVat(pct, lang === 'fr' ? 'fr' : 'en'));
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
    // Flat lookups by a dotted field name ("event.attendees"), as the forms post them.
    this.hb.registerHelper('get', (map: unknown, key: string) => {
      const v = (map as Record<string, unknown> | undefined)?.[key];
      return Array.isArray(v) ? v.join(', ') : v;
    });
    this.hb.registerHelper('getList', (map: unknown, key: string) => {
      const v = (map as Record<string, unknown> | undefined)?.[key];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    });
    this.hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
    const partials = path.join(dir, 'partials');
    for (const file of readdirSync(partials)) {
      if (file.endsWith('.hbs')) this.hb.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(partials, file), 'utf8'));
    }
    this.layout = this.hb.compile(readFileSync(path.join(dir, 'layouts', 'main.hbs'), 'utf8'));
    const walk = (sub: string) => {
      for (const entry of readdirSync(path.join(dir, sub))) {
        const rel = path.join(sub, entry);
        if (statSync(path.join(dir, rel)).isDirectory()) {
          if (!['emails', 'partials', 'layouts'].includes(entry)) walk(rel);
        } else if (entry.endsWith('.hbs')) {
          this.pages.set(rel.replace(/\.hbs$/, '').split(path.sep).join('/'), this.hb.compile(readFileSync(path.join(dir, rel), 'utf8'), { strict: false }));
        }
      }
    };
    walk('');
  }

  render(page: string, context: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no page template ${page}`);
    const full = { hub: this.hub, ...context };
    return this.layout({ ...full, body: template(full) });
  }
}
