import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { PaymentProvider } from './provider.js';

/**
 * The provider's customer of a client, made on first use and kept in `payment_customers` (one per
 * client and provider; the provider call's idempotency key makes concurrent first uses one customer).
 */
export async function customerOf(
  db: Kysely<Database>,
  provider: PaymentProvider,
  client: { id: number; user_id: number },
): Promise<string | null> {
  const known = await db
    .selectFrom('payment_customers')
    .select('customer_id')
    .where('client_id', '=', client.id)
    .where('provider', '=', provider.name)
    .executeTakeFirst();
  if (known) return known.customer_id;
  const user = await db
    .selectFrom('users')
    .select('email')
    .where('id', '=', client.user_id)
    .executeTakeFirstOrThrow();
  const created = await provider.createCustomer({
    clientId: client.id,
    email: user.email,
    idempotencyKey: `planocore-customer-${client.id}`,
  });
  if (created === null) return null;
  await db
    .insertInto('payment_customers')
    .values({ client_id: client.id, provider: provider.name, customer_id: created })
    .onConflict((oc) => oc.columns(['client_id', 'provider']).doNothing())
    .execute();
  const stored = await db
    .selectFrom('payment_customers')
    .select('customer_id')
    .where('client_id', '=', client.id)
    .where('provider', '=', provider.name)
    .executeTakeFirstOrThrow();
  return stored.customer_id;
}
