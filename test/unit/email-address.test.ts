import fc from 'fast-check';
import { isEmailAddress } from '../../src/platform/email-address';

const OLD = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

describe('isEmailAddress', () => {
  it('when given any string, then it agrees with the expression it replaced', () => {
    const chars = fc.constantFrom('a', 'b', '@', '.', ' ', '\t', '-', 'é');
    fc.assert(fc.property(fc.array(chars, { maxLength: 30 }).map((a) => a.join('')), (s) => isEmailAddress(s, Infinity) === OLD.test(s)), { numRuns: 5000 });
  });

  it('when an address is longer than 254 characters, then it is refused before anything else is looked at', () => {
    expect(isEmailAddress(`${'a'.repeat(250)}@b.org`)).toBe(false);
    expect(isEmailAddress(`${'a'.repeat(240)}@b.org`)).toBe(true);
  });

  it('when given the input that made the old expression backtrack, then it answers (without a dot, no address)', () => {
    expect(isEmailAddress(`a@${'a'.repeat(200_000)}`, Infinity)).toBe(false);
  });
});
