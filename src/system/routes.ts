import { defineRoute } from '../protocol/route.js';
import { param } from '../protocol/params.js';

/** Read once: `process.env` is a slow lookup, and this answers every status request. */
export const VERSION = process.env.npm_package_version ?? '0.1.0';

export const systemStatus = defineRoute({
  method: 'GET',
  path: '/api/v1/system/status',
  title: 'Server Status',
  purpose: 'Tells which PlanoCore build is answering, on which database, and the server time.',
  service: 'system',
  auth: { kind: 'public' },
  params: {
    echo: param.string({
      position: 100,
      maxLength: 200,
      example: 'hello',
      description: 'Any text; it is returned as it was received, to check how params reach the server.',
    }),
  },
  handler: async (input, ctx) => ({
    name: 'PlanoCore',
    version: VERSION,
    database: ctx.dbKind,
    time: ctx.clock.now().toISOString(),
    echo: input.echo ?? null,
  }),
});

export const systemRoutes = [systemStatus];
