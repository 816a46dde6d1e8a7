import { clientToActFor } from '../access/may-act-for.js';
import { scopeToCaller } from '../access/scope.js';
import { applicationViewParam, commonParams, newPasswordParam } from '../auth/params.js';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords.js';
import { openSession, userAgentOf } from '../auth/sign-in.js';
import { EMAIL_MAX_LENGTH } from '../auth/users.js';
import { likeEscape } from '../db/like.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute, WithSession } from '../protocol/route.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { clientField, clientsFrom, clientView, findClient, selectClient, type ClientRow } from './records.js';
import { CLEARABLE_CLIENT_FIELDS, updateClient } from './update.js';
import { RECORD_VIEWS, type RecordView } from './views.js';

const viewParam = param.string({
  position: 1,
  possibleValues: RECORD_VIEWS,
  example: 'default',
  description:
    'View of the client returned: `default` every field the caller may see, `client_read` adds the company, `planox_client_read_profile`, `…_tours`, `…_branding`, `…_preferences` and `contract_type_view` the fields of those PlanoX pages.',
});
const idParam = param.integer({
  position: 3,
  required: true,
  min: 1,
  example: 311,
  description: 'Id of the client.',
});
const ACCESS =
  'Employees may act for every client, liaisons for their linked clients, a client for themselves.';

const text = (position: number, maxLength: number, example: string, description: string) =>
  param.string({ position, maxLength, example, description });

/** The real page (catalogue row 7): params and positions as documented; `current_password` and `clear` are ours. */
export const updateClientRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/clients/update',
  title: 'Update Client',
  purpose: `Updates a client: names, contact details, assistants, the addresses copied on their emails, profile and display name. ${ACCESS} \`active\` and \`employee_notes\` are for employees. The email and password are changed by the client (with \`current_password\`), not from a hand-off (XSO) session, or reset by an employee; a new password ends every session of the user (the client's own request gets a new one, in the envelope's \`session\`). Every change is kept in the audit trail.`,
  service: 'clients',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    view: viewParam,
    id: idParam,
    ...commonParams,
    application_view: applicationViewParam,
    first_name: param.string({
      position: 400,
      minLength: 1,
      maxLength: 100,
      example: 'Dana',
      description: 'First name.',
    }),
    last_name: param.string({
      position: 500,
      minLength: 1,
      maxLength: 100,
      example: 'Whitfield',
      description: 'Last name.',
    }),
    email: param.string({
      position: 600,
      maxLength: EMAIL_MAX_LENGTH,
      format: 'email',
      example: 'dana@frontrange.example',
      description: 'Email address the client signs in with; must not belong to another user.',
    }),
    phone: text(700, 30, '+1 303 555 0142', 'Phone number.'),
    password: newPasswordParam(800, {
      required: false,
      description: 'A new password; every session of the user ends.',
    }),
    active: param.boolean({
      position: 900,
      example: true,
      description: 'false retires the client (employees only).',
    }),
    assistant_first_name: text(1000, 100, 'Sam', 'The assistant’s first name.'),
    assistant_last_name: text(1100, 100, 'Lee', 'The assistant’s last name.'),
    assistant_phone: text(1200, 30, '+1 303 555 0143', 'The assistant’s phone.'),
    assistant_emails: param.string({
      position: 1300,
      maxLength: 2000,
      format: 'email-list',
      example: 'sam@frontrange.example',
      description: 'Addresses copied on every email about the client’s orders; replaces the list.',
    }),
    additional_emails: param.string({
      position: 1400,
      maxLength: 2000,
      format: 'email-list',
      example: 'office@frontrange.example, marketing@frontrange.example',
      description: 'Addresses copied on the completion emails of the client’s orders; replaces the list.',
    }),
    employee_notes: text(
      1500,
      5000,
      'Prefers morning shoots.',
      'Notes for employees; only employees see and set them.',
    ),
    realtor_license: text(1600, 100, 'CO-FA100012345', 'Real estate license number.'),
    bio: text(1700, 5000, 'Twenty years selling homes on the Front Range.', 'Biography shown on tours.'),
    display_name: text(1800, 200, 'The Whitfield Team', 'Name shown instead of first and last name.'),
    use_display_name: param.boolean({
      position: 1900,
      example: false,
      description: 'true shows `display_name` instead of first and last name.',
    }),
    current_password: param.string({
      position: 2000,
      maxLength: PASSWORD_MAX_LENGTH,
      example: 'demo-password',
      description:
        'The client’s password in use now: required when the client changes their own email or password.',
    }),
    clear: param.array({
      position: 2100,
      items: param.string({ position: 0, possibleValues: CLEARABLE_CLIENT_FIELDS }),
      maxItems: CLEARABLE_CLIENT_FIELDS.length,
      example: ['assistant_phone'],
      description: 'Fields to empty (an empty param means "unchanged"); the same roles as setting them.',
    }),
  },
  statuses: [
    'client-access-denied',
    'permission-denied',
    'hand-off-not-allowed',
    'invalid-password',
    'email-already-registered',
    'role-required',
  ],
  reply: field.object({
    client: clientField,
    changed: field.list(field.string({ example: 'assistant_emails' }), {
      description: 'The fields this update changed (empty when it changed nothing).',
    }),
    revoked_sessions: field.integer({
      example: 0,
      description: 'Sessions of the client’s user a new password ended.',
    }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    const result = await updateClient(ctx, ctx.auth, input.id, input, now);
    // Its sessions ended: this process stops answering them at once, before the announcement.
    if (result.passwordChanged) ctx.sessions.forgetUser(result.client.user_id);
    const data = {
      client: await viewOf(ctx.db, result.client, ctx.auth, input.view),
      changed: result.changed,
      revoked_sessions: result.revokedSessions,
    };
    if (!result.passwordChanged || ctx.auth.userId !== result.client.user_id) return data;
    // The owner changed their password: every session ended, this request gets a new one.
    const { payload } = await openSession(ctx.db, {
      userId: ctx.auth.userId,
      applicationSlug: ctx.auth.applicationSlug,
      rememberMe: false,
      view: input.session_view ?? 'default',
      now,
      ip: ctx.ip,
      userAgent: userAgentOf(ctx.headers),
    });
    return new WithSession(data, payload);
  },
});

export const readClientRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/clients/read',
  title: 'Read Client',
  purpose: `Returns one client in the requested view. ${ACCESS} A client the caller may not act for answers \`client-access-denied\`, whether it exists or not (employees learn that it does not exist).`,
  service: 'clients',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: { view: viewParam, id: idParam, ...commonParams, application_view: applicationViewParam },
  statuses: ['client-access-denied', 'role-required'],
  reply: field.object({ client: clientField }),
  handler: async (input, ctx) => {
    await clientToActFor(ctx.db, ctx.auth, input.id, 'id');
    const row = (await findClient(ctx.db, input.id))!;
    return { client: await viewOf(ctx.db, row, ctx.auth, input.view) };
  },
});

export const listClientsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/clients/list',
  title: 'List Clients',
  purpose: `Lists clients by last and first name, searched by name, display name or email and filtered by company and standing, a page at a time (\`data.results\`, \`data.pagination\`). ${ACCESS}`,
  service: 'clients',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    view: viewParam,
    ...commonParams,
    application_view: applicationViewParam,
    search: param.string({
      position: 400,
      maxLength: 200,
      example: 'whitfield',
      description: 'Only clients whose first, last or display name or email contains this (any case).',
    }),
    company_id: param.integer({
      position: 500,
      min: 1,
      example: 27,
      description: 'Only the clients of this company.',
    }),
    active: param.boolean({
      position: 600,
      example: true,
      description: 'Only active (true) or retired (false) clients.',
    }),
    ...paginationParams({ position: 700, noun: 'clients' }),
  },
  statuses: ['role-required'],
  reply: pageField(clientField),
  handler: async (input, ctx) => {
    const search = input.search?.trim();
    const pattern = `%${likeEscape(search ?? '')}%`;
    const filtered = scopeToCaller(clientsFrom(ctx.db), ctx.auth, 'c.id')
      .$if(search !== undefined && search !== '', (q) =>
        q.where((eb) =>
          eb.or([
            eb('u.first_name', 'ilike', pattern),
            eb('u.last_name', 'ilike', pattern),
            eb('c.display_name', 'ilike', pattern),
            eb('u.email', 'ilike', pattern),
            eb(sql<string>`u.first_name || ' ' || u.last_name`, 'ilike', pattern),
          ]),
        ),
      )
      .$if(input.company_id !== undefined, (q) => q.where('c.company_id', '=', input.company_id!))
      .$if(input.active !== undefined, (q) => q.where('c.active', '=', input.active!));
    const page = await paginate(filtered, input, (q) =>
      selectClient(q).orderBy('u.last_name').orderBy('u.first_name').orderBy('c.id'),
    );
    const tours =
      input.view === 'planox_client_read_tours'
        ? await toursOf(
            ctx.db,
            page.results.map((r) => r.id),
          )
        : null;
    return {
      results: page.results.map((row) => clientView(row, ctx.auth, input.view, tours?.get(row.id) ?? [])),
      pagination: page.pagination,
    };
  },
});

async function viewOf(
  db: Kysely<Database>,
  row: ClientRow,
  viewer: Pick<RoleActor, 'kind'>,
  view: RecordView | undefined,
) {
  const tours = view === 'planox_client_read_tours' ? (await toursOf(db, [row.id])).get(row.id) : [];
  return clientView(row, viewer, view, tours);
}

/** The newest 100 tours of each client. */
async function toursOf(db: Kysely<Database>, clientIds: readonly number[]) {
  const byClient = new Map<number, { id: number; address: string; status: string }[]>();
  if (clientIds.length === 0) return byClient;
  const rows = await db
    .selectFrom('tours')
    .select(['id', 'client_id', 'address', 'status'])
    .where('client_id', 'in', clientIds)
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) {
    const list = byClient.get(row.client_id) ?? [];
    if (list.length < 100) list.push({ id: row.id, address: row.address, status: row.status });
    byClient.set(row.client_id, list);
  }
  return byClient;
}

export const clientRoutes = [updateClientRoute, readClientRoute, listClientsRoute];
