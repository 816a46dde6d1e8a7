import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { ApiError } from '../protocol/errors.js';
import type { Database } from '../schema.js';
import type { PaymentProvider } from './provider.js';
import { SandboxProvider } from './sandbox.js';
import { StripeProvider } from './stripe-provider.js';

/** Stands in when no provider may run (production without a Stripe key): every call is refused. */
class UnavailableProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  createCustomer = refuse;
  paymentMethod = refuse;
  detach = refuse;
  charge = refuse;
  capture = refuse;
  cancel = refuse;
  refund = refuse;
}

async function refuse(): Promise<never> {
  throw new ApiError(
    'payments-unavailable',
    'No payment provider is configured: set STRIPE_SECRET_KEY (the sandbox is refused in production).',
  );
}

/** Stripe with a secret key; the sandbox without one, except in production, where payments are refused. */
export function paymentProviderFor(config: Config, db: Kysely<Database>, clock: Clock): PaymentProvider {
  const { stripeSecretKey, stripeApiBase } = config.payments;
  if (stripeSecretKey !== '')
    return new StripeProvider({ secretKey: stripeSecretKey, apiBase: stripeApiBase });
  if (config.nodeEnv === 'production') return new UnavailableProvider();
  return new SandboxProvider(db, clock);
}
