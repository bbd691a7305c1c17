import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, csrfOf, signIn } from './venue-portal-support';
import { fullBrief, htmlText, regionCatalogue, seed, submit } from './quote-fixtures';

/** SPEC §7: notes are answered by a person; the brief carries a follow_up task on the hub board until marked done. */
describe('follow_up task for organiser notes', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    await seed(app.services, regionCatalogue());
    await addStaff(app, 'desk@example.org', 'hub_staff');
  });
  afterEach(async () => {
    await app.stop();
  });

  it('when a brief with notes is sent automatically, then it is on the board as a follow-up until a staff member marks it done on the desk, by whom and when', async () => {
    const withNotes = await submit(app, { ...fullBrief('en'), notes: '3 wheelchair users, sea-view dinner' });
    const without = await submit(app, fullBrief('en'));
    await app.waitForStatus(withNotes, ['sent']);
    await app.waitForStatus(without, ['sent']);
    expect((await app.services.stores.briefs.findByRef(withNotes))!.followUp).toEqual({ open: true, doneAt: null, doneBy: null });
    expect((await app.services.stores.briefs.findByRef(without))!.followUp?.open).toBe(false);

    const { browser } = await signIn(app, 'desk@example.org');
    const board = await (await browser.get('/hub')).text();
    const followUps = board.slice(board.indexOf('id="follow-up"'), board.indexOf('id="open"'));
    expect(followUps).toContain('Follow-up: organiser notes to answer');
    expect(followUps).toContain(`data-ref="${withNotes}"`);
    expect(followUps).not.toContain(`data-ref="${without}"`);

    const desk = await (await browser.get(`/hub/briefs/${withNotes}`)).text();
    expect(htmlText(desk)).toContain('3 wheelchair users, sea-view dinner');
    const action = `/hub/briefs/${withNotes}/follow-up`;
    expect(desk).toContain(`action="${action}"`);
    // Without the session's CSRF token the button does nothing.
    expect((await browser.post(action, {})).status).toBe(403);
    expect((await app.services.stores.briefs.findByRef(withNotes))!.followUp?.open).toBe(true);

    const done = await browser.post(action, { _csrf: csrfOf(desk, action) });
    expect(done.status).toBe(303);
    const after = (await app.services.stores.briefs.findByRef(withNotes))!.followUp!;
    expect(after.open).toBe(false);
    expect(after.doneBy).toBe('desk@example.org');
    expect(after.doneAt).toEqual(expect.any(String));
    expect(await (await browser.get('/hub')).text()).not.toContain('id="follow-up"');
    expect(htmlText(await (await browser.get(`/hub/briefs/${withNotes}`)).text())).toContain('follow_up done</span> by desk@example.org');
  });
});
