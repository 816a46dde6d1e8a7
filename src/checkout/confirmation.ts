import type { Kysely } from 'kysely';
import { queueEmail } from '../email/outbox.js';
import { escapeHtml } from '../email/templates.js';
import { moneyText, type Cents } from '../protocol/money.js';
import type { Database } from '../schema.js';

export interface ConfirmationInput {
  readonly orderId: number;
  readonly address: string;
  readonly totalCents: Cents;
  readonly services: readonly string[];
  readonly to: { readonly email: string; readonly firstName: string | null };
  /** Copied: the client's assistants. */
  readonly cc: readonly string[];
  readonly now: Date;
}

/** The order confirmation, to the client and each assistant (one outbox row each), in the order's transaction. */
export async function queueOrderConfirmation(trx: Kysely<Database>, input: ConfirmationInput): Promise<void> {
  const hello = input.to.firstName?.trim() ? `Hi ${input.to.firstName.trim()},` : 'Hi,';
  const lines = [
    `Thank you: order #${input.orderId} for ${input.address} is confirmed.`,
    `Services: ${input.services.join(', ')}.`,
    `Total: $${moneyText(input.totalCents)}.`,
    'We will confirm the appointment with you shortly.',
  ];
  const body = {
    subject: `Order #${input.orderId} confirmed: ${input.address}`,
    html: `<!doctype html><html><body>${[hello, ...lines].map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
    text: [hello, '', ...lines].join('\n'),
  };
  const recipients = [
    input.to.email,
    ...input.cc.filter((e) => e.toLowerCase() !== input.to.email.toLowerCase()),
  ];
  for (const email of new Set(recipients)) {
    await queueEmail(
      trx,
      {
        kind: 'order_confirmation',
        to: { email },
        ...body,
        idempotencyKey: `order_confirmation:${input.orderId}:${email.toLowerCase()}`,
        context: { order_id: input.orderId },
      },
      { now: input.now },
    );
  }
}
