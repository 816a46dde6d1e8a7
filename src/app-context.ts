import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { AddressThrottle, LoginThrottle } from './auth/login-throttle.js';
import type { PasswordHasher } from './auth/passwords.js';
import type { SessionCache } from './auth/session-cache.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './schema.js';
import type { EmailService } from './email/service.js';
import type { DatabaseKind } from './db/database.js';
import type { PaymentProvider } from './payments/provider.js';

/** What every handler can reach, built once at start-up. */
export interface AppContext {
  readonly db: Kysely<Database>;
  readonly dbKind: DatabaseKind;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: FastifyBaseLogger;
  readonly passwords: PasswordHasher;
  readonly loginThrottle: LoginThrottle;
  /** Per-address limits of public routes (registration, password-reset requests). */
  readonly addressThrottle: AddressThrottle;
  /** Emails a route must confirm before answering (password reset); others use `queueEmail`. */
  readonly email: EmailService;
  /** Sessions this process cached: a route that revokes or changes them forgets them here too. */
  readonly sessions: SessionCache;
  /** Stripe, or the built-in sandbox without a key (src/payments/providers.ts). */
  readonly payments: PaymentProvider;
}
