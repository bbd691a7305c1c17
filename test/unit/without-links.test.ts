import { withoutLinks } from '../../src/mail/redacted-links';

describe('withoutLinks', () => {
  it.each([
    ['Congress — see https://evil.example/pay now', 'Congress — see […] now'],
    ['visit www.evil.example today', 'visit […] today'],
    ['Claim at evil.example/win', 'Claim at […]'],
    ['ftp://x.y/z and javascript://x', '[…] and […]'],
    ['Mail ada@evil.example', 'Mail ada@[…]'],
  ])('when free text holds a link (%s), then it is replaced', (input, expected) => {
    expect(withoutLinks(input)).toBe(expected);
  });

  it.each(['Annual congress 2027', 'Séminaire Qualité Tourisme', 'S.A. board meeting', 'Ada Martin'])('when free text holds no link (%s), then it is kept as typed', (input) => {
    expect(withoutLinks(input)).toBe(input);
  });
});
