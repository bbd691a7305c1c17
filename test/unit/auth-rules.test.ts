import { safeNextPath } from '../../src/auth/sign-in-service';
import { canManageSupplier } from '../../src/auth/staff-middleware';
import { randomToken, sameSecret, sha256Hex } from '../../src/auth/tokens';
import type { StaffUser } from '../../src/auth/staff-store';

const user = (role: StaffUser['role'], supplierIds: string[] = []): StaffUser => ({ id: 1, email: 'a@b.example', name: 'A', role, active: true, supplierIds });

describe('auth rules', () => {
  it.each(['/venue', '/venue/PALAIS?saved=profile', '/hub/briefs#top'])('when next is the local path %s, then it is kept', (p) => {
    expect(safeNextPath(p)).toBe(p);
  });

  it.each(['//evil.example', '/\\evil.example', 'https://evil.example/', 'venue', '', '/a b', `/${'x'.repeat(300)}`, 42, undefined])(
    'when next is %p, then it is dropped',
    (p) => {
      expect(safeNextPath(p)).toBeNull();
    },
  );

  it('when venue staff manage a supplier, then they may open it and no other; hub roles may open every supplier', () => {
    expect(canManageSupplier(user('venue_staff', ['A']), 'A')).toBe(true);
    expect(canManageSupplier(user('venue_staff', ['A']), 'B')).toBe(false);
    expect(canManageSupplier(user('hub_staff'), 'B')).toBe(true);
    expect(canManageSupplier(user('hub_admin'), 'B')).toBe(true);
  });

  it('when tokens are made, then they are long, unique and stored only as a SHA-256 hex digest', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameSecret(a, a)).toBe(true);
    expect(sameSecret(a, a.slice(1))).toBe(false);
  });
});
