import { defineRoute } from '../protocol/route.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';

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
  reply: field.object({
    name: field.string({ example: 'PlanoCore' }),
    version: field.string({ example: '0.1.0', description: 'The build answering.' }),
    database: field.string({
      possibleValues: ['postgres', 'pglite'],
      example: 'postgres',
      description: 'The database it runs on.',
    }),
    time: field.datetime({ description: 'The server’s time now.' }),
    echo: field.string({ nullable: true, example: 'hello', description: 'The `echo` param, as received.' }),
  }),
  handler: async (input, ctx) => ({
    name: 'PlanoCore',
    version: VERSION,
    database: ctx.dbKind,
    time: ctx.clock.now().toISOString(),
    echo: input.echo ?? null,
  }),
});

export const systemRoutes = [systemStatus];
