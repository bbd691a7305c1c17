import { sendOrReview } from '../../src/quotes/send-or-review';
import type { QuoteDraft, QuoteOption, ReviewReason } from '../../src/core/quote-types';

const option = (name: string, stale: boolean) => ({ venue: { name }, stale_rates: stale }) as unknown as QuoteOption;
const draft = (options: QuoteOption[], reasons: ReviewReason[] = []): Pick<QuoteDraft, 'options' | 'review_reasons'> => ({ options, review_reasons: reasons });

describe('sendOrReview (SPEC §7): a fresh draft goes by itself or to a person', () => {
  it('when there are options, none stale, and AUTO_SEND is on, then it is sent', () => {
    expect(sendOrReview(draft([option('Palais', false), option('Villa', false)]), { autoSend: true })).toEqual({ send: true });
  });

  it('when AUTO_SEND is off, then a perfect draft waits for a person with auto_send_off only', () => {
    expect(sendOrReview(draft([option('Palais', false)]), { autoSend: false })).toEqual({ send: false, reasons: [{ code: 'auto_send_off', detail: 'AUTO_SEND is off: a person sends every quote' }] });
  });

  it('when one option has stale rates, then it is reviewed with stale_rates naming that venue, and auto_send_off is not added', () => {
    const decision = sendOrReview(draft([option('Palais', false), option('Villa', true)]), { autoSend: false });
    expect(decision).toEqual({ send: false, reasons: [{ code: 'stale_rates', detail: 'rates not confirmed for 1 option(s): Villa' }] });
  });

  it("when matching found no option, then matching's reasons go to the person unchanged, whatever AUTO_SEND says", () => {
    const reasons: ReviewReason[] = [{ code: 'no_feasible_venue', detail: 'No venue meets every requirement.' }];
    expect(sendOrReview(draft([], reasons), { autoSend: true })).toEqual({ send: false, reasons });
    expect(sendOrReview(draft([], reasons), { autoSend: false })).toEqual({ send: false, reasons });
  });

  it('when there are no options and no reason at all, then it is still not sent (nothing to send)', () => {
    expect(sendOrReview(draft([]), { autoSend: true })).toEqual({ send: false, reasons: [] });
  });
});
