import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramRows, section, textOf } from '../docs/page-text.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The real PlanoCore's pages (../shared/reference/planocore-catalogue.md rows 4, 5, 7, 8, 18):
 * each param's type, position and required flag, as our docs pages and OpenAPI show them.
 * `name:type@position R`; the type is string unless stated.
 */
const CATALOGUE: Record<string, string> = {
  'sessions/create':
    'email@1 R, password@2 R, application@3 R, redirect_url@3, view@4, application_view@110, session_view@300',
  'clients/register':
    'view@1, application@2 R, enterprise:boolean@3, client:parent@4 R, application_view@110, session_view@300',
  'clients/update':
    'view@1, id:integer@3 R, token@100 R, application@200, session_view@300, application_view@110, first_name@400, last_name@500, email@600, phone@700, password@800, active:boolean@900, assistant_first_name@1000, assistant_last_name@1100, assistant_phone@1200, assistant_emails@1300, additional_emails@1400, employee_notes@1500, realtor_license@1600, bio@1700, display_name@1800, use_display_name:boolean@1900',
  'companies/update':
    'view@1, id@3 R, token@100 R, application@200, session_view@300, application_view@110, active:boolean@200, parent_id:integer@300, billing_parent_id:integer@400, designation_id:integer@500, internal_notes@600, job_completion_email@700, confirmation_email_custom_message@800, branding_name@2400, branding_website@2500, branding_notes@2600, branding_phone@2700, branding_address@2800, branding_address2@2900, branding_city@3000, branding_province_iso@3100',
  'list_items/update':
    'token@100 R, application@200, session_view@300, id@400 R, view@500, name@1200, value@1300, description@1400, notes@1500, active:boolean@1600, default:boolean@1700, external_id@1800, item_type@1900',
};

function expected(spec: string) {
  return spec.split(', ').map((entry) => {
    const match = /^(\w+)(?::(\w+))?@(\d+)( R)?$/.exec(entry)!;
    return {
      name: match[1]!,
      type: match[2] ?? 'string',
      position: Number(match[3]),
      required: match[4] !== undefined,
    };
  });
}

interface ObjectSchema {
  properties?: Record<string, { 'x-position': number }>;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('the real pages’ params', () => {
  it.each(Object.entries(CATALOGUE))(
    '%s: the docs page shows each at its real position',
    async (path, spec) => {
      const res = await server.call('GET', `/documentation/api/v1/${path}`);
      expect(res.http).toBe(200);
      const rows = new Map(
        paramRows(section(res.body as string, 'parameters')).map((row) => [row.key, row.cells]),
      );
      for (const param of expected(spec)) {
        const cells = rows.get(param.name);
        expect(cells, `${path} ${param.name}`).toBeDefined();
        expect(
          {
            name: param.name,
            type: textOf(cells!['p-type']!),
            position: Number(textOf(cells!['p-pos']!)),
            required: textOf(cells!['p-req']!) === 'required',
          },
          path,
        ).toEqual(param);
      }
    },
  );

  it.each(Object.entries(CATALOGUE))('%s: OpenAPI gives the same positions', async (path, spec) => {
    const doc = (await server.call('GET', '/documentation/openapi.json')).body;
    const operation = Object.values(
      doc.paths[`/api/v1/${path}`] as Record<string, Record<string, unknown>>,
    )[0]!;
    const positions = new Map<string, number>();
    for (const p of (operation.parameters ?? []) as { name: string; 'x-position': number }[]) {
      positions.set(p.name, p['x-position']);
    }
    const body = operation.requestBody as
      { content: Record<string, { schema: ObjectSchema & { contentSchema?: ObjectSchema } }> } | undefined;
    for (const media of Object.values(body?.content ?? {})) {
      // A sensitive-params route's body is base64 of the object its contentSchema describes.
      const schema = media.schema.contentSchema ?? media.schema;
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        positions.set(name, property['x-position']);
      }
    }
    for (const param of expected(spec))
      expect([param.name, positions.get(param.name)]).toEqual([param.name, param.position]);
  });
});
