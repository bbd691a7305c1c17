import { startTestApp, postBrief, type TestApp } from '../support/test-app';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { seedSmallCatalogue, validBrief } from '../support/seed';

/** Each test owns a redis-server it can kill, so the run's shared one is never disturbed. */
describe('Redis outages: a stored brief is never lost', () => {
  let redis: RedisServer;
  let app: TestApp;
  beforeEach(async () => {
    redis = await startRedisServer();
    app = await startTestApp({ redisUrl: redis.url });
    await seedSmallCatalogue(app.services);
  });
  afterEach(async () => {
    await app.stop();
    await redis.stop();
  });

  it('when Redis is down at POST time, then the brief is still accepted and is quoted once Redis returns empty', async () => {
    await redis.stop();
    const res = await postBrief(app, validBrief());
    expect(res.status).toBe(201);
    const { ref } = (await res.json()) as { ref: string };
    await new Promise((r) => setTimeout(r, 500));
    expect(app.smtp.ofKind('draft_quote')).toHaveLength(0);

    redis = await startRedisServer({ port: redis.port });
    await app.waitForStatus(ref, ['sent'], 25_000);
    const mails = await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 20_000);
    expect(mails.filter((m) => m.kind === 'draft_quote' && m.ref === ref)).toHaveLength(1);
  }, 60_000);

  it('when Redis loses its data after the job was enqueued, then the reconciler enqueues it again and the brief is quoted once', async () => {
    await app.stopWorkers();
    const { ref } = (await (await postBrief(app, validBrief())).json()) as { ref: string };
    // Wait until the relay has handed the job to Redis, then wipe Redis by restarting it empty.
    for (let i = 0; i < 100 && (await app.services.stores.outbox.pending(10)).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await app.services.stores.outbox.pending(10)).toHaveLength(0);
    await redis.stop();
    redis = await startRedisServer({ port: redis.port });

    await app.startWorkers();
    await app.waitForStatus(ref, ['sent'], 25_000);
    await app.smtp.waitFor((m) => m.some((x) => x.kind === 'draft_quote' && x.ref === ref), 20_000);
    await app.settled();
    expect(app.smtp.ofKind('draft_quote').filter((m) => m.ref === ref)).toHaveLength(1);
    expect(app.smtp.ofKind('brief_received').filter((m) => m.ref === ref)).toHaveLength(1);
  }, 60_000);
});
