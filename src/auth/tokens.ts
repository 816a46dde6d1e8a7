import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits), base64url, with a prefix saying what the token is for. */
export function newToken(prefix: 'ps' | 'pa' | 'px' | 'pr'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens are stored only as this SHA-256 digest (hex). The one-shot `crypto.hash` (Node 20.12+)
 * makes no Hash object: it runs on every authenticated request.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
