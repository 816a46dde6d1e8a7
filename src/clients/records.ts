import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { field } from '../protocol/reply.js';
import { brandingFields, brandingOf } from '../companies/records.js';
import type { RecordView } from './views.js';

/** The tables a client is read from: the client, its user and its company. */
export function clientsFrom(db: Kysely<Database>) {
  return db
    .selectFrom('clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('companies as co', 'co.id', 'c.company_id');
}

type ClientsFrom = ReturnType<typeof clientsFrom>;

/** What every view of a client is made from. */
export function selectClient(query: ClientsFrom) {
  return query.select([
    'c.id',
    'c.user_id',
    'u.email',
    'u.first_name',
    'u.last_name',
    'u.phone',
    'c.active',
    'c.enterprise',
    'c.company_id',
    'co.name as company_name',
    'c.assistant_first_name',
    'c.assistant_last_name',
    'c.assistant_phone',
    'c.assistant_emails',
    'c.additional_emails',
    'c.employee_notes',
    'c.realtor_license',
    'c.bio',
    'c.display_name',
    'c.use_display_name',
    'c.created_at',
    'c.updated_at',
    'co.branding_name',
    'co.branding_website',
    'co.branding_notes',
    'co.branding_phone',
    'co.branding_address',
    'co.branding_address2',
    'co.branding_city',
    'co.branding_province_iso',
  ]);
}

export type ClientRow = Awaited<ReturnType<ReturnType<typeof selectClient>['executeTakeFirstOrThrow']>>;

export async function findClient(db: Kysely<Database>, id: number): Promise<ClientRow | undefined> {
  return selectClient(clientsFrom(db)).where('c.id', '=', id).executeTakeFirst();
}

const optionalText = (example: string | null, description = '') =>
  field.string({ nullable: true, optional: true, example, description });
const emailsField = (description: string) =>
  field.list(field.string({ example: 'assistant@frontrange.example' }), { optional: true, description });

/**
 * A client as replies show it. `id` and `name` are in every view; each view adds its fields (see
 * CLIENT_VIEW_FIELDS); `employee_notes` is in employees' views only.
 */
export const clientField = field.object({
  id: field.integer({ example: 311 }),
  name: field.string({
    example: 'Dana Whitfield',
    description: 'The display name when `use_display_name`, else first and last name.',
  }),
  user_id: field.integer({ optional: true, example: 42 }),
  email: field.string({ optional: true, example: 'dana@frontrange.example' }),
  first_name: field.string({ optional: true, example: 'Dana' }),
  last_name: field.string({ optional: true, example: 'Whitfield' }),
  phone: optionalText('+1 303 555 0142'),
  active: field.boolean({ optional: true, example: true }),
  enterprise: field.boolean({ optional: true, example: false }),
  company_id: field.integer({ nullable: true, optional: true, example: 27 }),
  company: field.object(
    { id: field.integer({ example: 27 }), name: field.string({ example: 'Front Range Realty' }) },
    { nullable: true, optional: true, description: 'In the `client_read` view.' },
  ),
  assistant_first_name: optionalText('Sam'),
  assistant_last_name: optionalText('Lee'),
  assistant_phone: optionalText('+1 303 555 0143'),
  assistant_emails: emailsField('Copied on every email about the client’s orders.'),
  additional_emails: emailsField('Copied on the completion emails of the client’s orders.'),
  employee_notes: optionalText(null, 'Employees only.'),
  realtor_license: optionalText('CO-FA100012345'),
  bio: optionalText('Twenty years selling homes on the Front Range.'),
  display_name: optionalText('The Whitfield Team'),
  use_display_name: field.boolean({ optional: true, example: false }),
  tours: field.list(
    field.object({
      id: field.integer({ example: 1 }),
      address: field.string({ example: '1600 Market St, Denver, CO' }),
      status: field.string({ example: 'published' }),
    }),
    { optional: true, description: 'In the `planox_client_read_tours` view: the newest 100 tours.' },
  ),
  branding: field.object(brandingFields, {
    nullable: true,
    optional: true,
    description: 'In the `planox_client_read_branding` view: the company’s branding (null without one).',
  }),
  created_at: field.datetime({ optional: true }),
  updated_at: field.datetime({ optional: true }),
});

const PROFILE_FIELDS = [
  'user_id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'display_name',
  'use_display_name',
  'bio',
  'realtor_license',
] as const;
const PREFERENCE_FIELDS = [
  'assistant_first_name',
  'assistant_last_name',
  'assistant_phone',
  'assistant_emails',
  'additional_emails',
  'use_display_name',
] as const;
const FULL_FIELDS = [
  ...PROFILE_FIELDS,
  'active',
  'enterprise',
  'company_id',
  ...PREFERENCE_FIELDS,
  'employee_notes',
  'created_at',
  'updated_at',
] as const;

type ViewField = (typeof FULL_FIELDS)[number] | 'company' | 'tours' | 'branding';

/** The fields each view adds to `id` and `name`. */
const CLIENT_VIEW_FIELDS: Readonly<Record<RecordView, readonly ViewField[]>> = {
  default: FULL_FIELDS,
  client_read: [...FULL_FIELDS, 'company'],
  planox_client_read_profile: PROFILE_FIELDS,
  planox_client_read_tours: ['tours'],
  planox_client_read_branding: ['company_id', 'branding'],
  planox_client_read_preferences: PREFERENCE_FIELDS,
  contract_type_view: ['enterprise', 'company_id', 'active'],
};

export interface TourSummary {
  readonly id: number;
  readonly address: string;
  readonly status: string;
}

/** The name a client goes by: the display name when they chose it, else first and last name. */
export function clientName(
  row: Pick<ClientRow, 'display_name' | 'use_display_name' | 'first_name' | 'last_name'>,
) {
  if (row.use_display_name && row.display_name) return row.display_name;
  return `${row.first_name} ${row.last_name}`.trim();
}

export function clientView(
  row: ClientRow,
  viewer: Pick<RoleActor, 'kind'>,
  view: RecordView = 'default',
  tours: readonly TourSummary[] = [],
) {
  const all = {
    user_id: row.user_id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    phone: row.phone,
    active: row.active,
    enterprise: row.enterprise,
    company_id: row.company_id,
    company: row.company_id === null ? null : { id: row.company_id, name: row.company_name ?? '' },
    assistant_first_name: row.assistant_first_name,
    assistant_last_name: row.assistant_last_name,
    assistant_phone: row.assistant_phone,
    assistant_emails: row.assistant_emails,
    additional_emails: row.additional_emails,
    employee_notes: row.employee_notes,
    realtor_license: row.realtor_license,
    bio: row.bio,
    display_name: row.display_name,
    use_display_name: row.use_display_name,
    tours: [...tours],
    branding: row.company_id === null ? null : brandingOf(row),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  const shown = CLIENT_VIEW_FIELDS[view].filter(
    (key) => key !== 'employee_notes' || viewer.kind === 'employee',
  );
  return {
    id: row.id,
    name: clientName(row),
    ...Object.fromEntries(shown.map((key) => [key, all[key]])),
  } as { id: number; name: string } & Partial<typeof all>;
}
