import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCancelations } from '../../src/cancelations/list-route.js';
import { updateCancelation } from '../../src/cancelations/routes.js';
import { routeMarkdown } from '../../src/docs/markdown.js';
import { exampleParams, flattenParams } from '../../src/docs/model.js';
import { buildOpenApi } from '../../src/docs/openapi.js';
import type { ParamMap } from '../../src/protocol/params.js';
import type { RouteRecord } from '../../src/protocol/route.js';
import { validateParams } from '../../src/protocol/validate.js';
import { allRoutes } from '../../src/routes.js';
import { formatsRoute, listItemRoute, moneyRoute, paramProbeRoutes } from '../helpers/param-probe-routes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { paramRows, section, textOf } from './page-text.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the document freely
type Doc = any;

const NOW = new Date('2026-01-05T12:00:00Z');

describe('declared examples', () => {
  it('are declared for every param of every route', () => {
    const missing = allRoutes.flatMap((route) =>
      flattenParams(route.params)
        .filter((p) => !p.isItem && p.spec.type !== 'parent' && p.spec.example === undefined)
        .map((p) => `${route.path} ${p.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('pass their own declarations, so every request example the docs show is valid', () => {
    for (const route of [...allRoutes, ...paramProbeRoutes]) {
      const { errors } = validateParams(route.params, exampleParams(route.params), { now: () => NOW });
      expect(errors, route.path).toEqual([]);
    }
  });

  it('look like ours: tokens with their prefix, no "string" placeholders', () => {
    const example = exampleParams(updateCancelation.params);
    expect(example.token).toMatch(/^ps_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(allRoutes.map((r) => exampleParams(r.params)))).not.toContain('"string"');
  });

  it('relate only to siblings that exist (requires, notBefore)', () => {
    const broken = [...allRoutes, ...paramProbeRoutes].flatMap((route) => {
      const names = (params: ParamMap): string[] =>
        Object.entries(params).flatMap(([name, spec]) => [
          ...[...(spec.requires ?? []), ...(spec.notBefore ? [spec.notBefore] : [])]
            .filter((other) => !Object.hasOwn(params, other))
            .map((other) => `${route.path} ${name} → ${other}`),
          ...(spec.children ? names(spec.children) : []),
        ]);
      return names(route.params);
    });
    expect(broken).toEqual([]);
  });

  it('fall back to a value inside the rules when a declaration has none', () => {
    const params: ParamMap = Object.fromEntries(
      Object.entries(paramProbeRoutes.find((r) => r === formatsRoute)!.params),
    );
    const { errors } = validateParams(params, exampleParams(params), { now: () => NOW });
    expect(errors).toEqual([]);
    expect(exampleParams(params)).toMatchObject({
      email: 'jane.doe@example.com',
      day: '2026-01-05',
      at: '09:30',
    });
  });
});

describe('rules on the documentation page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ routes: [...allRoutes, ...paramProbeRoutes] });
  });
  afterAll(async () => server?.close());

  async function descriptions(route: RouteRecord): Promise<Map<string, string>> {
    const res = await server.call('GET', `/documentation${route.path}`);
    const rows = paramRows(section(res.body as string, 'parameters'));
    return new Map(rows.map((r) => [r.key, textOf(r.cells['p-desc']!, { codeAsBackticks: true })]));
  }

  it('says each rule in words, from the field validation reads', async () => {
    const list = await descriptions(listCancelations);
    expect(list.get('per_page')).toContain('From 1 to 100.');
    expect(list.get('per_page')).toContain('Default: `25`.');
    expect(list.get('page')).toContain('At least 1.');
    expect(list.get('cancelable_id')).toContain('Only with `cancelable_type`.');
    expect(list.get('canceled_to')).toContain('Not before `canceled_from`.');
    expect(list.get('canceled_from')).toContain(
      'Format: a date (`2026-01-05`) or an ISO 8601 timestamp with an offset',
    );
    const update = await descriptions(updateCancelation);
    expect(update.get('canceled_at')).toContain('Format: an ISO 8601 timestamp with an offset');
    expect(update.get('canceled_at')).toContain('Not in the future.');
    expect(update.get('reason_note')).toContain('Max length: 5000');
    const money = await descriptions(moneyRoute);
    expect(money.get('price')).toContain('An exact amount: a number or text with at most two decimal places');
    expect(money.get('price')).toContain('from 0 to 10000');
    expect(money.get('discount')).toContain('from -500 to 0');
    const formats = await descriptions(formatsRoute);
    expect(formats.get('email')).toContain('Format: an email address.');
    expect(formats.get('at')).toContain('Format: a 24-hour time like 14:30 or 14:30:00.');
  });

  it('shows a date-time the real page calls a string as a string, and others as their own type', async () => {
    const res = await server.call('GET', `/documentation${updateCancelation.path}`);
    const rows = paramRows(section(res.body as string, 'parameters'));
    expect(textOf(rows.find((r) => r.key === 'canceled_at')!.cells['p-type']!)).toBe('string');
    const probe = await server.call('GET', `/documentation${formatsRoute.path}`);
    const types = paramRows(section(probe.body as string, 'parameters')).map((r) =>
      textOf(r.cells['p-type']!),
    );
    expect(types).toEqual(['string', 'date', 'time', 'datetime', 'string', 'string']);
  });
});

describe('rules in OpenAPI', () => {
  const doc: Doc = buildOpenApi([...allRoutes, ...paramProbeRoutes].map((r) => ({ ...r, deployed: true })));
  const queryParam = (route: RouteRecord, name: string) =>
    doc.paths[route.path].get.parameters.find((p: Doc) => p.name === name);
  const bodyProperty = (route: RouteRecord, name: string) =>
    doc.paths[route.path].post.requestBody.content['application/json'].schema.properties[name];

  it('stays a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
  });

  it('gives bounds, defaults, formats and examples as JSON Schema keywords', () => {
    expect(queryParam(listCancelations, 'per_page').schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 25,
      examples: [25],
    });
    expect(queryParam(listCancelations, 'canceled_from').schema.anyOf).toEqual([
      { type: 'string', format: 'date' },
      { type: 'string', format: 'date-time' },
    ]);
    expect(bodyProperty(updateCancelation, 'canceled_at')).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(bodyProperty(updateCancelation, 'canceled_at').description).toContain('Not in the future.');
    expect(queryParam(formatsRoute, 'email').schema).toMatchObject({ type: 'string', format: 'email' });
    expect(queryParam(formatsRoute, 'link').schema).toMatchObject({ type: 'string', format: 'uri' });
    expect(queryParam(formatsRoute, 'at').schema.pattern).toBeDefined();
  });

  it('documents money as an exact number of cents’ precision', () => {
    const price = bodyProperty(moneyRoute, 'price');
    expect(price).toMatchObject({
      type: 'number',
      multipleOf: 0.01,
      minimum: 0,
      maximum: 10_000,
      examples: [149.5],
    });
    expect(price.description).toContain('An exact amount');
  });

  it('names the list a list-item param draws from, with its page', () => {
    const property = bodyProperty(listItemRoute, 'property_type');
    expect(property['x-list-items']).toBe('property_type');
    expect(property.description).toContain('/documentation/list_items/property_type');
    expect(property.enum).toBeUndefined();
  });
});

describe('rules in the markdown export', () => {
  it('writes the same words and links the list page', () => {
    const list = routeMarkdown(listCancelations, true);
    expect(list).toMatch(/\| `per_page` \| integer \| 2000 \| {2}\| .*From 1 to 100\. Default: `25`\. \|/);
    const probe = routeMarkdown(listItemRoute, true);
    expect(probe).toContain(
      'One of the active items of the [`property_type` list](/documentation/list_items/property_type).',
    );
  });
});
