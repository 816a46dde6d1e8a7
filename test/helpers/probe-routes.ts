import { ApiError } from '../../src/protocol/errors.js';
import { param } from '../../src/protocol/params.js';
import { defineRoute } from '../../src/protocol/route.js';
import { field } from '../../src/protocol/reply.js';

/** Routes that exist only in tests, to drive the pipeline through every param type and status. */
export const typesRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/probe/types',
  title: 'Probe Types',
  purpose: 'Echoes every param type back, coerced.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    name: param.string({ position: 1, required: true, maxLength: 5 }),
    count: param.integer({ position: 2 }),
    ratio: param.float({ position: 3 }),
    flag: param.boolean({ position: 4 }),
    color: param.string({ position: 5, possibleValues: ['red', 'blue'] as const }),
    meta: param.hash({ position: 6 }),
    doc: param.json({ position: 7 }),
    client: param.parent({
      position: 8,
      children: {
        email: param.string({ position: 1, required: true, maxLength: 50 }),
        age: param.integer({ position: 2 }),
      },
    }),
    ids: param.array({ position: 9, items: param.integer({ position: 1 }) }),
  },
  reply: field.json({ description: 'The params, as the handler received them.' }),
  handler: async (input) => input,
});

export const getRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/get',
  title: 'Probe Get',
  purpose: 'Echoes query params.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    id: param.integer({ position: 1, required: true }),
    active: param.boolean({ position: 2 }),
  },
  reply: field.json({ description: 'The params, as the handler received them.' }),
  handler: async (input) => input,
});

export const sensitiveRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/probe/sensitive',
  title: 'Probe Sensitive',
  purpose: 'Takes a base64-encoded body.',
  service: 'probe',
  sensitiveParams: true,
  auth: { kind: 'public' },
  params: { secret: param.string({ position: 1, required: true }) },
  reply: field.object({ length: field.integer() }),
  handler: async (input) => ({ length: input.secret.length }),
});

export const undeployedRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/unreleased',
  title: 'Probe Unreleased',
  purpose: 'Declared, not deployed.',
  service: 'probe',
  deployed: false,
  auth: { kind: 'public' },
  params: {},
  reply: field.object({}),
  handler: async () => ({}),
});

export const otherServiceRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/other/ping',
  title: 'Other Ping',
  purpose: 'A route in a service that tests undeploy.',
  service: 'other',
  auth: { kind: 'public' },
  params: {},
  reply: field.object({ pong: field.boolean() }),
  handler: async () => ({ pong: true }),
});

export const crashRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/crash',
  title: 'Probe Crash',
  purpose: 'Throws an unexpected error.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {},
  reply: field.object({}),
  handler: async () => {
    throw new Error('secret internal detail');
  },
});

export const typedErrorRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/typed_error',
  title: 'Probe Typed Error',
  purpose: 'Throws a typed ApiError naming a param.',
  service: 'probe',
  auth: { kind: 'public' },
  params: { id: param.integer({ position: 1 }) },
  reply: field.object({}),
  handler: async () => {
    throw ApiError.invalidParam('id', 'id does not exist');
  },
});

export const probeRoutes = [
  typesRoute,
  getRoute,
  sensitiveRoute,
  undeployedRoute,
  otherServiceRoute,
  crashRoute,
  typedErrorRoute,
];
