import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { seedSmallCatalogue, validBrief } from '../support/seed';
import { moveBrief, moveBriefOrThrow, statusHistory, SYSTEM } from '../../src/briefs/brief-lifecycle';
import { TABLES } from '../../src/platform/tables';
import { MailStore } from '../../src/mail/mail-store';
import { toIso } from '../../src/platform/db';

describe('moveBrief: one transaction, recorded with who and when, safe to run twice', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await seedSmallCatalogue(app.services);
  });
  afterAll(async () => app.stop());

  async function sentBrief(): Promise<number> {
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    await app.waitForStatus(ref, ['sent']);
    return (await app.services.stores.briefs.findByRef(ref))!.id;
  }

  it('when the worker quotes a brief, then its history says received → matching → sent, by the system, in order', async () => {
    const id = await sentBrief();
    const history = await statusHistory(app.services.db, id);
    expect(history.map((e) => [e.from, e.to, e.actorKind])).toEqual([
      ['received', 'matching', 'system'],
      ['matching', 'sent', 'system'],
    ]);
    const row = await app.services.db(TABLES.briefs).where({ id }).first('status_changed_at');
    expect(toIso(row.status_changed_at)).toBe(history[1]!.at);
  });

  it('when hub staff mark a brief lost twice at once, then one move happens and one event is recorded', async () => {
    const id = await sentBrief();
    const at = app.services.clock.now();
    const move = () => app.services.db.transaction((trx) => moveBrief(trx, id, { to: 'lost', actor: { kind: 'hub', ref: 'staff@hub.example' }, at, reason: 'price' }));
    const outcomes = await Promise.all([move(), move()]);
    expect(outcomes.sort()).toEqual([false, true]);
    const lost = (await statusHistory(app.services.db, id)).filter((e) => e.to === 'lost');
    expect(lost).toEqual([expect.objectContaining({ from: 'sent', actorKind: 'hub', actorRef: 'staff@hub.example', reason: 'price' })]);
    expect((await app.services.db(TABLES.briefs).where({ id }).first('lost_reason')).lost_reason).toBe('price');
  });

  it('when a move is refused, then nothing of its transaction remains (status, event, e-mail)', async () => {
    const id = await sentBrief();
    const before = await statusHistory(app.services.db, id);
    const mails = async () => Number(((await app.services.db(TABLES.mailLog).where({ brief_id: id }).count({ n: '*' }))[0] as { n: unknown }).n);
    const mailsBefore = await mails();
    await expect(
      app.services.db.transaction(async (trx) => {
        await new MailStore(trx).insertOnce({ dedupeKey: `lifecycle-${id}`, kind: 'lead', recipient: 'x@example.org', briefId: id, quoteVersion: null, supplierId: null, subject: 's', html: 'h', text: 't' }, app.services.clock.now());
        await moveBriefOrThrow(trx, id, { to: 'booked', actor: { kind: 'organiser' }, at: app.services.clock.now() }, 'booking');
      }),
    ).rejects.toThrow(/no longer in a status/);
    expect(await statusHistory(app.services.db, id)).toEqual(before);
    expect(await mails()).toBe(mailsBefore);
    expect((await app.services.stores.briefs.findById(id))!.status).toBe('sent');
  });

  it('when a lost move has no reason, or an actor may never make a move, then it throws before touching the brief', async () => {
    const id = await sentBrief();
    await expect(app.services.db.transaction((trx) => moveBrief(trx, id, { to: 'lost', actor: { kind: 'hub' }, at: new Date() }))).rejects.toThrow(/reason/);
    await expect(app.services.db.transaction((trx) => moveBrief(trx, id, { to: 'confirmed', actor: { kind: 'organiser' }, at: new Date() }))).rejects.toThrow(/may not/);
    await expect(app.services.db.transaction((trx) => moveBrief(trx, id, { to: 'booked', actor: SYSTEM, at: new Date() }))).rejects.toThrow(/may not/);
    expect((await app.services.stores.briefs.findById(id))!.status).toBe('sent');
  });
});
