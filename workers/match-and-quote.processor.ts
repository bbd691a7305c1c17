import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Services } from '../src/services';
import { matchAndQuote } from '../src/quotes/match-and-quote';
import type { MatchAndQuoteJob } from '../src/queue/queues';
import { CatalogueCache, databaseCatalogueSource } from '../src/quotes/catalogue-cache';

const jobData = z.object({ briefId: z.number().int().positive() });

/** Thin consumer: validates the id, runs the use case, wakes the relay for the e-mails. */
export function matchAndQuoteProcessor(services: Services) {
  // One per worker process: briefs of an unchanged catalogue version share its prepared lookups.
  const catalogues = new CatalogueCache(databaseCatalogueSource(services.db));
  return async (job: Job<MatchAndQuoteJob>) => {
    const data = jobData.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError('match-and-quote job without a valid briefId');
    const outcome = await matchAndQuote(
      { db: services.db, renderer: services.renderer, config: services.config, clock: services.clock, catalogues },
      data.data.briefId,
    );
    if (outcome === 'missing') throw new UnrecoverableError(`brief ${data.data.briefId} does not exist`);
    services.logger.info('brief matched', { briefId: data.data.briefId, outcome, jobId: job.id });
    void services.relay.kick().catch(() => undefined);
    return outcome;
  };
}
