import PDFDocument from 'pdfkit';
import type { Language } from '../core/brief-schema';
import { t, type MessageKey } from '../i18n/translate';
import type { OptionDocument, QuoteDocument } from './quote-document';

/**
 * The quote as a PDF (SPEC §7: `/q/<token>.pdf` and the draft-quote e-mail's attachment): A4, a
 * summary page then one page per option, real text (selectable, searchable) in PDFKit's built-in
 * Helvetica. Built in-process from the same QuoteDocument as the e-mail and the online page; no
 * browser is involved.
 */

const INK = '#1f2a30';
const MUTED = '#5b6770';
const BRAND = '#0b4f6c';
const MARGIN = 50;

/** The built-in fonts speak WinAnsi: the narrow no-break space French amounts use becomes a no-break space. */
function pdfText(s: string): string {
  return s.replace(/\u202f/g, '\u00a0');
}

export function quotePdfFileName(ref: string, lang: Language): string {
  return `${lang === 'fr' ? 'devis' : 'quote'}-${ref}.pdf`;
}

export function quotePdf(doc: QuoteDocument): Promise<Buffer> {
  const lang = doc.lang;
  const tr = (key: MessageKey, params?: Record<string, unknown>) => pdfText(t(lang, key, params));
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: lang === 'fr' ? 'fr-FR' : 'en-GB',
    info: { Title: t(lang, 'quote_title', { ref: doc.ref }), Author: doc.hub.name, Subject: doc.title },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  const text = (s: string, opts: PDFKit.Mixins.TextOptions & { size?: number; bold?: boolean; color?: string } = {}) => {
    const { size = 10, bold = false, color = INK, ...rest } = opts;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(color).text(pdfText(s), rest);
  };
  /** A label on the left and its amount on the right, on one line: the label comes first. */
  const amountRow = (label: string, amount: string, bold = false) => {
    const y = pdf.y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).fillColor(INK);
    pdf.text(pdfText(label), MARGIN, y, { width: width - 110 });
    const after = pdf.y;
    pdf.text(pdfText(amount), MARGIN + width - 110, y, { width: 110, align: 'right' });
    pdf.x = MARGIN;
    pdf.y = Math.max(after, pdf.y);
  };
  const rule = () => {
    pdf.moveTo(MARGIN, pdf.y + 2).lineTo(MARGIN + width, pdf.y + 2).lineWidth(0.5).strokeColor('#d9d4c7').stroke();
    pdf.moveDown(0.4);
  };

  // Summary page
  text(doc.hub.name, { size: 11, bold: true, color: BRAND });
  pdf.moveDown(0.3);
  text(t(lang, 'quote_title', { ref: doc.ref }), { size: 20, bold: true });
  text(`${doc.title} · ${doc.datesText} · ${t(lang, 'attendees_count', { count: doc.attendees })}`, { size: 11, color: MUTED });
  pdf.moveDown(0.6);
  const meta: [MessageKey, string][] = [
    ['ref_label', `${doc.ref} (${t(lang, 'version_label').toLowerCase()} ${doc.version})`],
    ['issued_on', doc.issuedText],
    ['valid_until_label', doc.validUntilText],
    ['organiser_label', [doc.organiser.name, doc.organiser.organisation].filter(Boolean).join(', ')],
    ['advisor_label', `${doc.advisorText}, ${doc.hub.name}`],
    ['contact_label', [doc.hub.email, doc.hub.phone].filter(Boolean).join(' · ')],
  ];
  for (const [key, value] of meta) amountRowMeta(tr(key), pdfText(value));
  function amountRowMeta(label: string, value: string) {
    const y = pdf.y;
    pdf.font('Helvetica').fontSize(10).fillColor(MUTED).text(label, MARGIN, y, { width: 140 });
    const after = pdf.y;
    pdf.font('Helvetica-Bold').fillColor(INK).text(value, MARGIN + 150, y, { width: width - 150 });
    pdf.x = MARGIN;
    pdf.y = Math.max(after, pdf.y) + 2;
  }
  if (doc.organiserNotes) {
    pdf.moveDown(0.6);
    text(t(lang, 'your_notes'), { size: 12, bold: true });
    text(lang === 'fr' ? `«\u00a0${doc.organiserNotes}\u00a0»` : `“${doc.organiserNotes}”`, { size: 10 });
    text(t(lang, 'notes_answer'), { size: 10 });
  }
  if (doc.hubNote) {
    pdf.moveDown(0.6);
    text(t(lang, 'note_from_hub'), { size: 12, bold: true });
    text(doc.hubNote);
  }
  pdf.moveDown(0.8);
  text(t(lang, 'summary_heading'), { size: 13, bold: true });
  pdf.moveDown(0.2);
  for (const option of doc.options) {
    text(`${option.title} — ${option.venue.name}`, { size: 11, bold: true });
    text(`${option.venue.city} · ${option.spaceName}${breakouts(option)} · ${t(lang, 'option_dates')}${t(lang, 'colon')} ${option.datesText}`, { size: 9.5, color: MUTED });
    amountRow(t(lang, 'total_net'), option.netText);
    amountRow(t(lang, 'total_gross'), option.grossText, true);
    rule();
  }
  pdf.moveDown(0.6);
  text(t(lang, 'terms_heading'), { size: 12, bold: true });
  text(doc.termsText, { size: 9.5 });

  for (const option of doc.options) optionPage(option);

  function breakouts(option: OptionDocument): string {
    return option.breakoutText ? ` · ${t(lang, 'quote_breakout_rooms')}${t(lang, 'colon')} ${option.breakoutText}` : '';
  }

  function optionPage(option: OptionDocument) {
    pdf.addPage();
    text(`${doc.hub.name} · ${t(lang, 'quote_title', { ref: doc.ref })}`, { size: 9, color: MUTED });
    pdf.moveDown(0.4);
    text(`${option.title} — ${option.venue.name}`, { size: 16, bold: true });
    text(`${option.venue.city} · ${option.spaceName}${breakouts(option)}`, { size: 10.5, color: MUTED });
    text(`${t(lang, 'option_dates')}${t(lang, 'colon')} ${option.datesText}`, { size: 10.5 });
    pdf.moveDown(0.6);
    // Lines: description, then its unit detail (and package contents) in grey; amount excl. VAT on the right.
    pdf.font('Helvetica-Bold').fontSize(9.5).fillColor(MUTED);
    const headY = pdf.y;
    pdf.text(tr('description'), MARGIN, headY, { width: width - 110 });
    pdf.text(tr('amount'), MARGIN + width - 110, headY, { width: 110, align: 'right' });
    pdf.x = MARGIN;
    rule();
    for (const line of option.lines) {
      const y = pdf.y;
      pdf.font('Helvetica').fontSize(10).fillColor(INK).text(pdfText(line.description), MARGIN, y, { width: width - 120 });
      pdf.fontSize(8.5).fillColor(MUTED).text(pdfText(`${line.detailText} · ${line.vatText}`), { width: width - 120 });
      if (line.packageText) pdf.fillColor(MUTED).text(pdfText(line.packageText), { width: width - 120 });
      const after = pdf.y;
      pdf.fontSize(10).fillColor(INK).text(pdfText(line.netText), MARGIN + width - 110, y, { width: 110, align: 'right' });
      pdf.x = MARGIN;
      pdf.y = Math.max(after, pdf.y) + 3;
    }
    rule();
    amountRow(t(lang, 'total_net'), option.netText);
    for (const vat of option.vatByRate) amountRow(vat.label, vat.amountText);
    amountRow(t(lang, 'total_gross'), option.grossText, true);
    pdf.moveDown(0.8);
    text(t(lang, 'why'), { size: 11, bold: true });
    for (const r of option.reasons) {
      text(`${r.met ? t(lang, 'met') : t(lang, 'not_met')} — ${r.label}${t(lang, 'colon')} ${r.detail}${r.hard ? ` (${t(lang, 'must_have')})` : ''}`, { size: 9.5 });
    }
  }

  // Page numbers, once every page exists.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor(MUTED).text(
      pdfText(`${doc.ref} · ${t(lang, 'page_label', { page: i + 1, pages: range.count })}`),
      MARGIN,
      pdf.page.height - 35,
      { width, align: 'center', lineBreak: false },
    );
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
