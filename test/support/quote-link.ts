import { randomToken, sha256Hex } from '../../src/platform/secrets';
import { QuoteLinkStore } from '../../src/quotes/quote-link-store';
import type { TestApp } from './test-app';

/**
 * A fresh organiser link to a brief's online quote, as the worker mints one for each e-mail it
 * sends (the database holds only hashes, so a test cannot read a link back from it).
 */
export async function mintQuoteLink(app: TestApp, briefId: number): Promise<string> {
  const token = randomToken();
  await new QuoteLinkStore(app.services.db).add(briefId, sha256Hex(token), app.services.clock.now());
  return token;
}
