import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { loadCatalogue, serviceField, serviceView } from './catalogue.js';

export const listServices = defineRoute({
  method: 'GET',
  path: '/api/v1/services/list',
  title: 'List Services',
  purpose:
    'The service catalogue CaptuRE orders from: every active service with its slug, name and the quantities it is sold in, each with its price (exact dollars and cents). Public: the catalogue is no secret.',
  service: 'services',
  auth: { kind: 'public' },
  params: {},
  reply: field.object({ services: field.list(serviceField) }),
  handler: async (_input, ctx) => ({ services: (await loadCatalogue(ctx.db)).map(serviceView) }),
});
