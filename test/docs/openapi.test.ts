import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCancelation } from '../../src/cancelations/routes.js';
import { allStatusesOf } from '../../src/docs/model.js';
import { buildOpenApi, fieldSchema } from '../../src/docs/openapi.js';
import { checkReply } from '../../src/protocol/reply.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { captureClient } from '../../src/xso/routes.js';
import {
  getRoute,
  otherServiceRoute,
  probeRoutes,
  sensitiveRoute,
  typesRoute,
  undeployedRoute,
} from '../helpers/probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the document freely
type Doc = any;

async function validate(doc: unknown): Promise<{ valid: boolean; errors?: unknown; resolved: Doc }> {
  const validator = new Validator();
  const result = await validator.validate(doc as Record<string, unknown>);
  return { ...result, resolved: result.valid ? validator.resolveRefs() : undefined };
}

/** Every route, the two seed routes included, as if deployed: the document covers what it is given. */
const everyRoute: RouteRecord[] = [...allRoutes, ...probeRoutes].map((route) => ({
  ...route,
  deployed: true,
}));

describe('buildOpenApi', () => {
  const doc: Doc = buildOpenApi(everyRoute, { version: '9.9.9' });

  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator) whose refs all resolve', async () => {
    const result = await validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    expect(JSON.stringify(result.resolved)).not.toContain('"$ref"');
  });

  it('has one operation per route with a unique operationId, tagged by service', () => {
    const ids = new Set<string>();
    for (const route of everyRoute) {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      expect(op, route.path).toBeDefined();
      expect(op.summary).toBe(route.title);
      expect(op.tags).toEqual([route.service]);
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
    }
    expect(doc.paths[captureClient.path].get.operationId).toBe('xsoCaptureClient');
  });

  it('answers every status a route may give, under its HTTP code, in the envelope', async () => {
    const { resolved } = await validate(doc);
    for (const route of everyRoute) {
      const responses = resolved.paths[route.path][route.method.toLowerCase()].responses;
      for (const status of allStatusesOf(route)) {
        const response = responses[String(status.http)];
        expect(response, `${route.path} ${status.slug}`).toBeDefined();
        const media = response.content['application/json'];
        expect(media.schema.properties.status.enum).toContain(status.slug);
        expect(media.examples[status.slug].value.status).toBe(status.slug);
        expect(response.description).toContain(`\`${status.slug}\``);
        const envelope = media.schema.allOf[0].allOf?.[0] ?? media.schema.allOf[0];
        expect(envelope.required).toEqual(['status', 'data', 'session', 'request_id']);
      }
      const codes = new Set(allStatusesOf(route).map((s) => String(s.http)));
      if (route.redirects) codes.add('302');
      expect(Object.keys(responses).sort()).toEqual([...codes].sort());
    }
  });

  it('gives every 200 the route’s declared data, with an example that passes the declaration', async () => {
    const { resolved } = await validate(doc);
    for (const route of everyRoute) {
      const ok = resolved.paths[route.path][route.method.toLowerCase()].responses['200'];
      const media = ok.content['application/json'];
      expect(media.schema.properties.data, route.path).toEqual(fieldSchema(route.reply));
      const example = media.examples['action-successful'].value;
      expect(checkReply(route.reply, example.data), route.path).toEqual([]);
    }
    const status = doc.paths['/api/v1/system/status'].get.responses['200'].content['application/json'];
    expect(status.schema.properties.data).toMatchObject({
      type: 'object',
      required: ['name', 'version', 'database', 'time', 'echo'],
      additionalProperties: false,
      properties: {
        time: { type: 'string', format: 'date-time' },
        echo: { type: ['string', 'null'] },
        database: { enum: ['postgres', 'pglite'] },
      },
    });
  });

  it('documents the redirect of capture_client: 302 with Location, or the envelope for Accept: application/json', () => {
    const responses = doc.paths[captureClient.path].get.responses;
    expect(responses['302'].headers.Location.schema).toEqual({ type: 'string', format: 'uri' });
    expect(responses['302'].description).toContain('Accept: application/json');
    expect(responses['200'].description).toContain('Accept');
    expect(responses['200'].content['application/json'].schema.properties.data.required).toContain(
      'redirect_url',
    );
  });

  it('requires message and errors on every error reply', () => {
    expect(doc.components.schemas.ErrorEnvelope.required).toEqual(['message', 'errors']);
    for (const [name, response] of Object.entries<Doc>(doc.components.responses)) {
      for (const example of Object.values<Doc>(response.content['application/json'].examples)) {
        expect(Array.isArray(example.value.errors), name).toBe(true);
        expect(typeof example.value.message, name).toBe('string');
      }
    }
  });

  it('describes several slugs sharing a code together', () => {
    const shared = doc.components.responses.Status401;
    expect(shared.content['application/json'].schema.properties.status.enum).toEqual([
      'invalid-token',
      'session-expired',
      'client-required',
    ]);
    expect(shared.description).toMatch(/^One of these statuses/);
  });

  it('takes GET params as query params, in documented order, with their types and required flags', () => {
    const params = doc.paths[captureClient.path].get.parameters;
    expect(params.map((p: Doc) => [p.name, p.in, p.required, p.schema.type, p['x-position']])).toEqual([
      ['token', 'query', true, 'string', 1],
      ['client_id', 'query', true, 'integer', 2],
      ['step_1', 'query', false, 'boolean', 3],
      ['order_id', 'query', false, 'integer', 4],
      ['tour_id', 'query', false, 'integer', 5],
    ]);
    expect(params[0].schema.maxLength).toBe(200);
    expect(doc.paths[captureClient.path].get.requestBody).toBeUndefined();
  });

  it('takes other params as a request body, by the documented content type first', () => {
    const body = doc.paths[updateCancelation.path].post.requestBody;
    expect(Object.keys(body.content)[0]).toBe('application/json');
    const schema = body.content['application/json'].schema;
    expect(schema.required).toEqual(['token', 'id']);
    expect(schema.properties.application.enum).toEqual(['planoauth', 'planoorder', 'planox2']);
    expect(schema.properties.active.type).toBe('boolean');
    expect(Object.keys(schema.properties)).toHaveLength(Object.keys(updateCancelation.params).length);
  });

  it('nests parent children and array items', () => {
    const schema = doc.paths[typesRoute.path].post.requestBody.content['application/json'].schema;
    expect(schema.properties.client).toMatchObject({
      type: 'object',
      required: ['email'],
      properties: { email: { type: 'string', maxLength: 50 }, age: { type: 'integer' } },
    });
    expect(schema.properties.ids).toMatchObject({ type: 'array', items: { type: 'integer' } });
    expect(schema.properties.color.enum).toEqual(['red', 'blue']);
    const form = doc.paths[typesRoute.path].post.requestBody.content['application/x-www-form-urlencoded'];
    expect(form.encoding.client).toEqual({ style: 'deepObject', explode: true });
  });

  it('documents sensitive params as a base64 text/plain body and says so', () => {
    const body = doc.paths[sensitiveRoute.path].post.requestBody;
    expect(Object.keys(body.content)).toEqual(['text/plain']);
    const media = body.content['text/plain'];
    expect(media.schema).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    expect(media.schema.contentSchema.required).toEqual(['secret']);
    expect(JSON.parse(Buffer.from(media.example, 'base64').toString())).toEqual({ secret: 'string' });
    expect(body.description).toContain('base64');
    expect(doc.paths[sensitiveRoute.path].post.description).toContain('base64');
  });
});

describe('GET /documentation/openapi.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ routes: [...allRoutes, ...probeRoutes] });
  });
  afterAll(async () => server?.close());

  async function served(): Promise<Doc> {
    const res = await server.call('GET', '/documentation/openapi.json');
    expect(res.http).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return res.body;
  }

  it('covers the deployed routes only, and is valid', async () => {
    const doc = await served();
    expect((await validate(doc)).valid).toBe(true);
    const deployed = [...allRoutes, ...probeRoutes].filter((r) => r.deployed).map((r) => r.path);
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(deployed)].sort());
    expect(doc.paths[undeployedRoute.path]).toBeUndefined();
  });

  it('drops a route as soon as an operator undeploys it', async () => {
    const db = server.app.context.db;
    const set = (deployed: boolean) =>
      db.updateTable('api_routes').set({ deployed }).where('path', '=', otherServiceRoute.path).execute();
    await set(false);
    await server.app.routeState.refresh();
    try {
      expect((await served()).paths[otherServiceRoute.path]).toBeUndefined();
    } finally {
      await set(true);
      await server.app.routeState.refresh();
    }
    expect((await served()).paths[otherServiceRoute.path]).toBeDefined();
  });

  it('documents requests the server accepts: each example gets a documented reply', async () => {
    const doc = await served();
    const call = async (route: RouteRecord) => {
      const op = doc.paths[route.path][route.method.toLowerCase()];
      if (op.parameters) {
        const example = (p: Doc) =>
          p.schema.type === 'boolean' ? 'true' : p.schema.type === 'integer' ? '1' : 'x';
        const query = Object.fromEntries(op.parameters.map((p: Doc) => [p.name, example(p)]));
        return { op, res: await server.call(route.method, route.path, { query }) };
      }
      const [contentType, media] = Object.entries<Doc>(op.requestBody.content)[0]!;
      const body = typeof media.example === 'string' ? media.example : JSON.stringify(media.example);
      return { op, res: await server.call(route.method, route.path, { body, contentType }) };
    };
    for (const route of [typesRoute, getRoute, sensitiveRoute]) {
      const { op, res } = await call(route);
      expect(res.body.status, route.path).toBe('action-successful');
      expect(op.responses[String(res.http)], route.path).toBeDefined();
    }
  });
});
