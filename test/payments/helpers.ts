import { encodeSensitive, type TestServer } from '../helpers/server.js';

/** payment_methods/create with a sensitive (base64) body. */
export function createPaymentMethod(server: TestServer, token: string, params: Record<string, unknown>) {
  return server.call('POST', '/api/v1/payment_methods/create', {
    body: encodeSensitive({ token, ...params }),
    contentType: 'text/plain',
  });
}

/** A sandbox test card that charges fine (or, with `DECLINED`, is declined when charged). */
export const SANDBOX_CARD = { card_number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' };
export const DECLINED_NUMBER = '4000000000000002';
