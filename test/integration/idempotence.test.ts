import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { matchAndQuote } from '../../src/quotes/match-and-quote';
import { deliverEmail } from '../../src/mail/deliver-email';
import { TABLES } from '../../src/platform/tables';
import { QUEUE_NAMES } from '../../src/queue/queues';

describe('jobs are safe to run twice', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ workers: false });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => app.stop());

  const deps = () => ({ db: app.services.db, renderer: app.services.renderer, config: app.services.config, clock: app.services.clock });

  it('when match-and-quote runs twice (even concurrently) for one brief, then one quote version and one draft e-mail exist', async () => {
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const outcomes = await Promise.all([matchAndQuote(deps(), brief.id), matchAndQuote(deps(), brief.id)]);
    expect(outcomes.sort()).toEqual(['already_done', 'sent']);
    expect(await matchAndQuote(deps(), brief.id)).toBe('already_done');
    const quotes = await app.services.db(TABLES.quotes).where({ brief_id: brief.id });
    expect(quotes).toHaveLength(1);
    const drafts = await app.services.db(TABLES.mailLog).where({ brief_id: brief.id, kind: 'draft_quote' });
    expect(drafts).toHaveLength(1);
  });

  it('when send-email runs twice for one e-mail, then the SMTP server receives it once', async () => {
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    const brief = (await app.services.stores.briefs.findByRef(ref))!;
    const [ack] = await app.services.stores.mail.listForBrief(brief.id);
    const d = { db: app.services.db, mailer: app.services.mailer, mailFrom: app.services.config.mailFrom, clock: app.services.clock, logger: app.services.logger, onPermanentFailure: async () => undefined };
    expect(await deliverEmail(d, ack!.id, { isLast: false })).toBe('delivered');
    expect(await deliverEmail(d, ack!.id, { isLast: false })).toBe('already_done');
    expect(app.smtp.ofKind('brief_received')).toHaveLength(1);
  });

  it('when a poisoned job (no valid id, or an id that does not exist) reaches a consumer, then it fails without retry and the worker goes on', async () => {
    await app.startWorkers();
    const poison = await app.services.queues.matchAndQuote.add(QUEUE_NAMES.matchAndQuote, { briefId: 'x' as unknown as number });
    const missing = await app.services.queues.sendEmail.add(QUEUE_NAMES.sendEmail, { emailId: 999999 });
    for (let i = 0; i < 100; i++) {
      const [a, b] = await Promise.all([poison.getState(), missing.getState()]);
      if (a === 'failed' && b === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await poison.getState()).toBe('failed');
    expect(await missing.getState()).toBe('failed');
    const reloaded = await app.services.queues.matchAndQuote.getJob(poison.id!);
    expect(reloaded!.attemptsMade).toBe(1);
    // The worker still quotes a real brief afterwards.
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
  });
});
