import { accommodationNights, eventDays } from '../core/brief-schema';
import { eurosToCents } from '../pricing/money';
import { formatParis } from '../platform/clock';
import { formatDate } from '../platform/format';
import type { FieldProblem } from '../platform/errors';
import type { RenderedEmail } from '../mail/email-renderer';
import type { QuoteOption } from '../core/quote-types';
import { timeline, type DeskData } from './desk-read-model';
import { editFields, editorView } from './quote-editor-form';
import type { QuoteEdit } from './quote-editor';
import type { EditorSupport } from './desk-service';

const STATUS_BADGE: Record<string, string> = { sent: 'ok', accepted: 'ok', needs_review: 'warn', received: '', matching: '', declined: 'err', cancelled: 'err' };
const MAIL_BADGE: Record<string, string> = { delivered: 'ok', pending: '', sending: 'warn', failed: 'err' };
const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no');

/** The brief as hub staff read it: every field of SPEC §4, with defaults spelled out. */
function briefFacts(data: DeskData) {
  const b = data.brief.brief;
  const days = eventDays(b);
  const rooms = b.accommodation;
  const catering = b.catering;
  return [
    { label: 'Event', value: `${b.event.title ?? '(untitled)'} · ${b.event.type}` },
    { label: 'Dates', value: `${formatDate(b.event.start_date)} – ${formatDate(b.event.end_date)} (${days} day${days === 1 ? '' : 's'})` },
    { label: 'Attendees', value: `${b.event.attendees}, ${b.event.layout} layout` },
    { label: 'Destinations', value: b.destinations.length ? b.destinations.join(', ') : 'anywhere in the region' },
    { label: 'Venue types', value: b.venue_types.length ? b.venue_types.join(', ') : 'any' },
    {
      label: 'Accommodation',
      value: rooms?.per_night
        ? rooms.per_night.map((n, i) => `night ${i + 1}: ${n.single_rooms} single, ${n.double_rooms} double`).join('; ')
        : rooms && (rooms.single_rooms ?? 0) + (rooms.double_rooms ?? 0) > 0
          ? `${rooms.single_rooms} single, ${rooms.double_rooms} double × ${accommodationNights(b)} night(s)`
          : 'none',
    },
    ...(b.event.alternative_dates?.length
      ? [{ label: 'Alternative dates', value: b.event.alternative_dates.map((d) => `${formatDate(d.start_date)} – ${formatDate(d.end_date)}`).join('; ') }]
      : []),
    ...(b.breakouts ? [{ label: 'Breakouts', value: `${b.breakouts.rooms} room(s) of ${b.breakouts.attendees}, ${b.breakouts.layout} layout, every day` }] : []),
    {
      label: 'Catering',
      value: catering ? `lunches ${yesNo(catering.lunches)}, ${catering.coffee_breaks_per_day} coffee break(s) a day, ${catering.dinners} dinner(s)` : 'none',
    },
    { label: 'AV', value: yesNo(b.av) },
    { label: 'Budget', value: b.budget_eur === undefined ? 'none given' : null, cents: b.budget_eur === undefined ? null : eurosToCents(b.budget_eur) },
    {
      label: 'Requirements',
      value: [b.requirements?.accessible ? 'step-free access' : null, b.requirements?.quality_label ? `label ${b.requirements.quality_label}` : null].filter(Boolean).join(', ') || 'none',
    },
    { label: 'Non-negotiable', value: b.non_negotiable.length ? b.non_negotiable.join(', ') : 'nothing' },
    { label: 'Language', value: b.organiser.language },
  ];
}

function optionsView(options: readonly QuoteOption[], names: ReadonlyMap<string, string>) {
  return options.map((o) => ({
    ...o,
    scorePct: Math.round(o.score * 100),
    lines: o.lines.map((l) => ({ ...l, supplierName: names.get(l.supplier_id) ?? l.supplier_id })),
  }));
}

/** Eliminated venues, one row per venue with every criterion that ruled it out. */
function eliminatedView(data: DeskData) {
  const byVenue = new Map<string, { supplier_id: string; name: string; causes: { criterion: string; detail: string }[] }>();
  for (const e of data.quote?.eliminated ?? []) {
    const row = byVenue.get(e.supplier_id) ?? { supplier_id: e.supplier_id, name: e.name, causes: [] };
    row.causes.push({ criterion: e.criterion, detail: e.detail });
    byVenue.set(e.supplier_id, row);
  }
  return [...byVenue.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Without a quote, the review reasons carry how many venues each criterion eliminated. */
function eliminatedCounts(data: DeskData) {
  const counts: { criterion: string; venues: number }[] = [];
  for (const r of data.brief.reviewReasons) {
    const by = r.data?.eliminated_by;
    if (by && typeof by === 'object') for (const [criterion, n] of Object.entries(by as Record<string, number>)) if (n > 0) counts.push({ criterion, venues: n });
  }
  return counts;
}

function unpricedVenues(data: DeskData) {
  return data.brief.reviewReasons.flatMap((r) =>
    r.code === 'unpriceable' && Array.isArray(r.data?.venues) ? (r.data.venues as { supplier_id: string; name: string; missing: string[] }[]) : [],
  );
}

export interface EditorState {
  edit: QuoteEdit;
  errors: FieldProblem[];
  repriced: QuoteOption[] | null;
  preview: RenderedEmail | null;
  /** The last action: re-price or preview (save & send redirects); search and add come from the option builder. */
  action: 'open' | 'reprice' | 'preview' | 'search' | 'add';
  /** The options the lines refer to: the base version's, re-priced on new shapes, and those built by hand. */
  basis: QuoteOption[];
  support: EditorSupport;
  search: { query: string; results: { supplierId: string; name: string; city: string; kind: string }[] } | null;
}

/** Statuses whose quote staff may still change and send (DeskService.saveAndSend). */
const EDITABLE = ['needs_review', 'sent'];

export function deskPageView(data: DeskData, editor: EditorState | null, sentVersion: number | null) {
  const { brief, quote } = data;
  const o = brief.brief.organiser;
  const remainingMs = Date.parse(brief.slaDueAt) - Date.now();
  return {
    title: `${brief.ref} · brief desk`,
    ref: brief.ref,
    status: brief.status,
    statusBadge: STATUS_BADGE[brief.status] ?? '',
    organiser: { name: o.name, organisation: o.organisation ?? null, email: o.email, phone: o.phone ?? null },
    facts: briefFacts(data),
    notes: brief.brief.notes ?? null,
    receivedText: formatParis(brief.receivedAt),
    slaDueText: formatParis(brief.slaDueAt),
    slaOpen: !brief.sentAt && remainingMs > 0,
    slaBreached: !brief.sentAt && remainingMs <= 0,
    reviewReasons: brief.reviewReasons,
    timeline: timeline(data).map((e) => ({
      ...e,
      atText: formatParis(e.at),
      mail: e.mail ? { ...e.mail, badge: MAIL_BADGE[e.mail.status] ?? '', sentText: e.mail.sentAt ? formatParis(e.mail.sentAt) : null } : undefined,
    })),
    versions: data.versions.map((v) => ({ ...v, createdText: formatParis(v.createdAt), sentText: v.sentAt ? formatParis(v.sentAt) : null })),
    quote: quote ? { version: quote.version, note: quote.note, createdBy: quote.createdBy, sent: quote.sentAt !== null, options: optionsView(quote.options, data.supplierNames) } : null,
    eliminated: eliminatedView(data),
    eliminatedCounts: eliminatedCounts(data),
    unpriced: unpricedVenues(data),
    sentVersion,
    editor:
      editor && (editor.basis.length > 0 || EDITABLE.includes(brief.status))
        ? {
            baseVersion: editor.edit.baseVersion,
            note: editor.edit.note,
            noteError: editor.errors.find((e) => e.field === 'note')?.message ?? null,
            errors: editor.errors,
            valid: (editor.action === 'reprice' || editor.action === 'preview' || editor.action === 'add') && editor.errors.length === 0,
            options: editorView(editor.basis, editor.edit, editor.errors, editor.repriced, editor.support.names, editor.support.shapes),
            search: editor.search ? { ...editor.search, done: true } : { query: '', results: [], done: false },
            preview: editor.preview,
            previewFields: editor.preview ? editFields(editor.edit) : [],
          }
        : null,
  };
}
