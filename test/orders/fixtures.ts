import type { CallResult, TestServer } from '../helpers/server.js';

type Params = Record<string, unknown>;

/** The order, tour and stage routes over HTTP. */
export const ordersApi = (server: TestServer) => ({
  createTour: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/tours/create', { json: { token, ...params } }),
  create: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/orders/create', { json: { token, ...params } }),
  read: (token: string, id: number, query: Record<string, string> = {}): Promise<CallResult> =>
    server.call('GET', '/api/v1/orders/read', { query: { token, id: String(id), ...query } }),
  list: (token: string, query: Record<string, string> = {}): Promise<CallResult> =>
    server.call('GET', '/api/v1/orders/list', { query: { token, ...query } }),
  stage: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/order_stages/create', { json: { token, ...params } }),
});
