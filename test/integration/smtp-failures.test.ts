import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';

describe('SMTP failures', () => {
  let app: TestApp;
  afterEach(async () => app.stop());

  it('when the SMTP server answers 451 twice, then the e-mail is retried with backoff and delivered once', async () => {
    app = await startTestApp();
    let refusals = 0;
    app.smtp.behaviour = ({ kind }) => (kind === 'brief_received' && refusals++ < 2 ? { code: 451, message: 'try again later' } : null);
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'brief_received'), 25_000);
    await app.settled();
    expect(app.smtp.ofKind('brief_received')).toHaveLength(1);
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const ack = (await app.services.stores.mail.listForBrief(brief.id)).find((m) => m.kind === 'brief_received')!;
    expect(ack).toMatchObject({ status: 'delivered', attempts: 3, transport: 'smtp' });
  }, 40_000);

  it('when the SMTP server answers 550 to the draft quote, then it is marked failed, the brief needs review and the hub is alerted', async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
    app.smtp.behaviour = ({ kind }) => (kind === 'draft_quote' ? { code: 550, message: 'mailbox unavailable' } : null);
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    const read = await app.waitForStatus(ref, ['needs_review'], 20_000);
    expect((read.review_reasons as { code: string }[]).map((r) => r.code)).toContain('email_failed');
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'needs_review' && x.to === 'hub@example.org' && x.subject.startsWith('E-mail failed')));
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const draft = (await app.services.stores.mail.listForBrief(brief.id)).find((m) => m.kind === 'draft_quote')!;
    expect(draft).toMatchObject({ status: 'failed', attempts: 1 });
    expect(draft.lastError).toContain('550');
  }, 40_000);
});
