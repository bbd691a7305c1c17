import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../platform/errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** SPEC §1: machines use `Authorization: Bearer $HUB_API_TOKEN`; unset token refuses every call. */
export function requireBearer(token: string | null): RequestHandler {
  const expected = token ? digest(token) : null;
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!expected || !m || !timingSafeEqual(digest(m[1]!.trim()), expected)) return next(new UnauthorizedError());
    next();
  };
}
