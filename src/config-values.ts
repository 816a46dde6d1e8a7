import { isIP } from 'node:net';
import { makeValidator } from 'envalid';
import { parseMoney } from './protocol/money.js';

/**
 * The kinds of value an environment variable may hold, for the schema in `config.ts`. Each
 * refuses a bad value with what it accepts, which the start message repeats beside the name.
 */

/** A whole number within a range: `PORT=abc` is refused, not read as NaN. */
export function integerVar(spec: { default: number; min?: number; max?: number; desc: string }) {
  const min = spec.min ?? 0;
  const accepts = spec.max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${spec.max}`;
  return makeValidator<number>((input) => {
    const n = /^\d+$/.test(input.trim()) ? Number(input.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || (spec.max !== undefined && n > spec.max)) {
      throw new Error(`expects ${accepts}`);
    }
    return n;
  })({ default: spec.default, desc: spec.desc });
}

export function booleanVar(spec: { default?: boolean; desc: string }) {
  return makeValidator<boolean>((input) => {
    if (input === 'true') return true;
    if (input === 'false') return false;
    throw new Error('expects true or false');
  })({ default: spec.default, desc: spec.desc });
}

export function choiceVar<T extends string>(spec: { default: T; choices: readonly T[]; desc: string }) {
  return makeValidator<T>((input) => {
    const found = spec.choices.find((choice) => choice === input);
    if (found === undefined) throw new Error(`expects one of ${spec.choices.join(', ')}`);
    return found;
  })({ default: spec.default, desc: spec.desc });
}

export function textVar(spec: { default: string; desc: string; nonEmpty?: boolean }) {
  return makeValidator<string>((input) => {
    if (spec.nonEmpty && input.trim() === '') throw new Error('expects a non-empty text');
    return input;
  })({ default: spec.default, desc: spec.desc });
}

/** An absolute http(s) URL (a page or an API root). */
export function httpUrlVar(spec: { default: string; desc: string }) {
  return makeValidator<string>((input) => {
    if (!isUrlWithProtocol(input, ['http:', 'https:'])) {
      throw new Error('expects an absolute http:// or https:// URL');
    }
    return input;
  })({ default: spec.default, desc: spec.desc });
}

/** A PostgreSQL connection string; empty (unset) means the embedded database. */
export function postgresUrlVar(spec: { desc: string }) {
  return makeValidator<string>((input) => {
    if (!isUrlWithProtocol(input, ['postgres:', 'postgresql:'])) {
      throw new Error('expects a postgres:// or postgresql:// connection string');
    }
    return input;
  })({ default: '', desc: spec.desc });
}

/** Comma-separated browser origins (`https://app.example.com`), or `*` for any. */
export function originsVar(spec: { desc: string }) {
  return makeValidator<readonly string[]>((input) => {
    const origins = input
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (origin !== '*' && !isOrigin(origin)) {
        throw new Error(`expects comma-separated origins like https://app.example.com, or *; not ${origin}`);
      }
    }
    return origins;
  })({ default: [], desc: spec.desc });
}

function isUrlWithProtocol(text: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

/** A Redis connection string (`redis://` or `rediss://`); empty (unset) keeps the data in the database. */
export function redisUrlVar(spec: { desc: string }) {
  return makeValidator<string>((input) => {
    if (!isUrlWithProtocol(input, ['redis:', 'rediss:'])) {
      throw new Error('expects a redis:// or rediss:// URL');
    }
    return input;
  })({ default: '', desc: spec.desc });
}

/**
 * Fastify's `trustProxy`: `false` (the socket's peer is the client), `true` (any sender may name
 * the client in X-Forwarded-For), a hop count, or comma-separated proxy addresses and CIDRs.
 */
export function trustProxyVar(spec: { desc: string }) {
  return makeValidator<boolean | number | string>((input) => {
    const value = input.trim();
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    for (const entry of entries) {
      const [address, bits, ...rest] = entry.split('/');
      const cidrOk = bits === undefined || (/^\d{1,3}$/.test(bits) && rest.length === 0);
      if (!address || isIP(address) === 0 || !cidrOk) {
        throw new Error(`expects true, false, a hop count, or comma-separated addresses/CIDRs; not ${entry}`);
      }
    }
    return entries.join(',');
  })({ default: false, desc: spec.desc });
}

/** An IANA time zone the runtime knows (`America/Denver`). */
export function timeZoneVar(spec: { default: string; desc: string }) {
  return makeValidator<string>((input) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: input });
    } catch {
      throw new Error('expects an IANA time zone like America/Denver');
    }
    return input;
  })({ default: spec.default, desc: spec.desc });
}

/** An amount of money as text with at most two places (`50.00`); `loadConfig` reads it as cents. */
export function moneyVar(spec: { default: string; desc: string }) {
  return makeValidator<string>((input) => {
    const parsed = parseMoney(input.trim());
    if (!parsed.ok || parsed.cents < 0)
      throw new Error('expects an amount with at most two decimal places, like 50.00');
    return input.trim();
  })({ default: spec.default, desc: spec.desc });
}
