import { anonymisePayload, monthsBefore, normaliseLookupEmail, replaceAddress, retentionCutoff, isPastRetention, scrubAddresses, mentions } from '../../src/privacy/retention-rules';

describe('retention rules', () => {
  test.each([
    ['2030-06-15', 36, '2027-06-15'],
    ['2030-03-31', 1, '2030-02-28'],
    ['2032-03-31', 1, '2032-02-29'],
    ['2030-01-10', 1, '2029-12-10'],
    ['2030-12-31', 12, '2029-12-31'],
    ['2030-05-31', 3, '2030-02-28'],
  ])('when today is %s and the period %i months, then the cutoff is %s', (today, months, cutoff) => {
    expect(monthsBefore(today, months)).toBe(cutoff);
    expect(retentionCutoff(today, months)).toBe(cutoff);
  });

  test('when an event ended the day before the cutoff, then it is past retention; on the cutoff, it is kept', () => {
    expect(isPastRetention('2027-06-14', '2027-06-15')).toBe(true);
    expect(isPastRetention('2027-06-15', '2027-06-15')).toBe(false);
  });

  test('when a brief is anonymised, then organiser, title and notes go and every figure stays', () => {
    const payload = JSON.stringify({
      organiser: { name: 'Ada', organisation: 'SFC', email: 'ada@example.org', phone: '+33 6', language: 'fr' },
      event: { title: 'Congrès SFC', type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 280, layout: 'theatre' },
      destinations: ['Marseille'], budget_eur: 90000, catering: { lunches: true }, notes: 'call me',
    });
    const out = JSON.parse(anonymisePayload(payload, 42));
    expect(out).toEqual({
      organiser: { name: 'anonymised', email: 'anonymised+42@invalid', language: 'fr' },
      event: { type: 'congress', start_date: '2027-03-10', end_date: '2027-03-12', attendees: 280, layout: 'theatre' },
      destinations: ['Marseille'], budget_eur: 90000, catering: { lunches: true },
    });
  });

  test('when an address is looked up, then it must be one address, so a search can never match everything', () => {
    expect(normaliseLookupEmail('  Ada.Martin@Example.ORG ')).toBe('ada.martin@example.org');
    for (const bad of ['', 'a', '@', 'ada', 'a b@example.org', 'a@b@c', `${'x'.repeat(250)}@example.org`]) expect(normaliseLookupEmail(bad)).toBeNull();
  });

  test('when an address appears in free text in any case, plain or HTML-escaped, then every occurrence is replaced and nothing else', () => {
    const email = "o'brien=x@example.org";
    const text = `Write to O'Brien=X@Example.org or <b>o&#x27;brien&#x3D;x@example.org</b>; not obrien@example.org.`;
    expect(mentions(text, email)).toBe(true);
    expect(replaceAddress(text, email)).toBe('Write to [erased] or <b>[erased]</b>; not obrien@example.org.');
    expect(replaceAddress('a_b@example.org', 'a.b@example.org')).toBe('a_b@example.org');
  });

  test('when an SMTP error quotes an address, then the address goes and the code stays', () => {
    expect(scrubAddresses('550 5.1.1 <ada@example.org>: Recipient address rejected')).toBe('550 5.1.1 <[address removed]>: Recipient address rejected');
  });
});
