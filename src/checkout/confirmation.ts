import type { Kysely } from 'kysely';
import { clientRecipients } from '../clients/recipients.js';
import { queueEmail } from '../email/outbox.js';
import { escapeHtml } from '../email/templates.js';
import { moneyText, type Cents } from '../protocol/money.js';
import type { Database } from '../schema.js';

export interface ConfirmationInput {
  readonly orderId: number;
  readonly clientId: number;
  readonly address: string;
  readonly totalCents: Cents;
  readonly services: readonly string[];
  /** Copied besides the client's own `assistant_emails` (this submit's `order.client.assistant_emails`). */
  readonly extraCc: readonly string[];
  readonly now: Date;
}

/**
 * The order confirmation to the client, copying their assistants (`clientRecipients`, the one home
 * of who receives order emails), queued in the order's transaction.
 */
export async function queueOrderConfirmation(trx: Kysely<Database>, input: ConfirmationInput): Promise<void> {
  const recipients = await clientRecipients(trx, input.clientId, 'order');
  const name = recipients.to.firstName.trim();
  const hello = name ? `Hi ${name},` : 'Hi,';
  const lines = [
    `Thank you: order #${input.orderId} for ${input.address} is confirmed.`,
    `Services: ${input.services.join(', ')}.`,
    `Total: $${moneyText(input.totalCents)}.`,
    'We will confirm the appointment with you shortly.',
  ];
  const seen = new Set(recipients.cc.map((e) => e.toLowerCase()));
  const extra = input.extraCc.filter((e) => !seen.has(e.toLowerCase()) && !!seen.add(e.toLowerCase()));
  await queueEmail(
    trx,
    {
      kind: 'order_confirmation',
      to: { email: recipients.to.email, name: `${recipients.to.firstName} ${recipients.to.lastName}`.trim() },
      cc: [...recipients.cc, ...extra],
      subject: `Order #${input.orderId} confirmed: ${input.address}`,
      html: `<!doctype html><html><body>${[hello, ...lines].map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
      text: [hello, '', ...lines].join('\n'),
      idempotencyKey: `order_confirmation:${input.orderId}`,
      context: { order_id: input.orderId, client_id: input.clientId },
    },
    { now: input.now },
  );
}
