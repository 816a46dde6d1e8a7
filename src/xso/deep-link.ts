import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { field } from '../protocol/reply.js';

/**
 * Where CaptuRE opens: its start page, step 1 (a new order), an existing order, or step 2 of a new
 * order for an existing tour. Bound into the hand-off grant, so the redeeming application learns it
 * from us rather than from the (user-editable) landing URL.
 */
export interface DeepLink {
  readonly step_1: boolean;
  readonly order_id: number | null;
  readonly tour_id: number | null;
}

export type DeepLinkTarget = 'start' | 'step_1' | 'order' | 'step_2';

export interface DeepLinkParams {
  readonly step_1?: boolean | undefined;
  readonly order_id?: number | undefined;
  readonly tour_id?: number | undefined;
}

/**
 * Checks the requested deep link against the client's records. Contradictions are refused rather
 * than resolved by precedence: step_1 (a new order from scratch) with an order or a tour, or an
 * order with a tour that is not that order's tour. An order with its own tour opens the order.
 */
export async function resolveDeepLink(
  db: Kysely<Database>,
  clientId: number,
  params: DeepLinkParams,
): Promise<DeepLink> {
  const step1 = params.step_1 === true;
  const orderId = params.order_id ?? null;
  const tourId = params.tour_id ?? null;
  if (step1 && (orderId !== null || tourId !== null)) {
    throw ApiError.invalidParam(
      'step_1',
      `step_1 starts a new order and cannot be combined with ${orderId !== null ? 'order_id' : 'tour_id'}`,
    );
  }
  let orderTourId: number | null = null;
  if (orderId !== null) {
    const order = await db
      .selectFrom('orders')
      .select(['id', 'tour_id'])
      .where('id', '=', orderId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!order) {
      throw ApiError.invalidParam('order_id', `order_id ${orderId} is not an order of client ${clientId}`);
    }
    orderTourId = order.tour_id;
  }
  if (tourId !== null) {
    const tour = await db
      .selectFrom('tours')
      .select('id')
      .where('id', '=', tourId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!tour) {
      throw ApiError.invalidParam('tour_id', `tour_id ${tourId} is not a tour of client ${clientId}`);
    }
    if (orderId !== null && orderTourId !== tourId) {
      throw ApiError.invalidParam('tour_id', `tour_id ${tourId} is not the tour of order ${orderId}`);
    }
  }
  return { step_1: step1, order_id: orderId, tour_id: tourId };
}

export function targetOf(link: DeepLink): DeepLinkTarget {
  if (link.step_1) return 'step_1';
  if (link.order_id !== null) return 'order';
  if (link.tour_id !== null) return 'step_2';
  return 'start';
}

/** The declared reply shape of `renderDeepLink`. */
export const deepLinkField = field.object(
  {
    target: field.string({
      possibleValues: ['start', 'step_1', 'order', 'step_2'],
      example: 'order',
      description: 'Where CaptuRE opens: its start, step 1, an order, or step 2 with a tour.',
    }),
    step_1: field.boolean({ example: false }),
    order_id: field.integer({ nullable: true, example: 1042 }),
    tour_id: field.integer({ nullable: true, example: null }),
  },
  { description: 'Where CaptuRE opens.' },
);

/** The deep link as replies show it. */
export function renderDeepLink(link: DeepLink) {
  return { target: targetOf(link), step_1: link.step_1, order_id: link.order_id, tour_id: link.tour_id };
}

/**
 * CaptuRE's landing URL. The deep link goes in the query (it is no secret, and CaptuRE's server can
 * route on it); the code goes in the fragment, which browsers never send to a server, so it stays
 * out of access logs, proxies and Referer headers.
 */
export function captureRedirectUrl(base: string, code: string, link: DeepLink): string {
  const url = new URL(base);
  const target = targetOf(link);
  if (target === 'step_1') url.searchParams.set('step', '1');
  if (target === 'step_2') url.searchParams.set('step', '2');
  if (link.order_id !== null) url.searchParams.set('order_id', String(link.order_id));
  if (link.tour_id !== null) url.searchParams.set('tour_id', String(link.tour_id));
  url.hash = new URLSearchParams({ code }).toString();
  return url.toString();
}
