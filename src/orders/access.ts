import type { RecordRef } from '../access/visibility.js';

/** How order routes name an order asked for by id (README, "Access"). */
export const orderRef = (id: number, param = 'id'): RecordRef => ({
  param,
  label: `order ${id}`,
  status: 'permission-denied',
});
