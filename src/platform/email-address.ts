/**
 * A plausible e-mail address, checked in linear time and only after the length check: the
 * regular expression it replaces (`[^\s@]+@[^\s@]+\.[^\s@]+`) backtracked quadratically on a
 * long string without a dot, which an admin form or a crafted post could feed it.
 */
export function isEmailAddress(value: string, maxLength = 254): boolean {
  if (value.length === 0 || value.length > maxLength) return false;
  if (/\s/.test(value)) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  // A dot with something on both sides of it in the domain, as the old expression required.
  return value.slice(at + 1).slice(1, -1).includes('.');
}
