import type { Selectable } from 'kysely';
import type { RoleActor } from '../protocol/auth-state.js';
import { field } from '../protocol/reply.js';
import type { AuthTables } from '../auth/tables.js';
import type { RecordView } from '../clients/views.js';

export type CompanyRow = Selectable<AuthTables['companies']>;

const text = (example: string | null, description = '') =>
  field.string({ nullable: true, optional: true, example, description });

/** A company's branding, as PlanoX shows it on the client's tours. */
export const brandingFields = {
  name: field.string({ nullable: true, example: 'Front Range Realty' }),
  website: field.string({ nullable: true, example: 'https://frontrange.example/' }),
  notes: field.string({ nullable: true, example: null }),
  phone: field.string({ nullable: true, example: '+1 303 555 0100' }),
  address: field.string({ nullable: true, example: '1600 Market St' }),
  address2: field.string({ nullable: true, example: 'Suite 400' }),
  city: field.string({ nullable: true, example: 'Denver' }),
  province_iso: field.string({ nullable: true, example: 'CO' }),
};

/**
 * A company as replies show it. The `planox_client_read_branding` view has only `id`, `name` and
 * `branding`; `internal_notes` is in employees' views only.
 */
export const companyField = field.object({
  id: field.integer({ example: 27 }),
  name: field.string({ example: 'Front Range Realty' }),
  active: field.boolean({ optional: true, example: true }),
  parent_id: field.integer({ nullable: true, optional: true, example: null }),
  billing_parent_id: field.integer({
    nullable: true,
    optional: true,
    example: 12,
    description: 'The company that pays for its orders.',
  }),
  designation_id: field.integer({ nullable: true, optional: true, example: null }),
  internal_notes: text(null, 'Employees only.'),
  job_completion_email: text('listings@frontrange.example'),
  confirmation_email_custom_message: text('Please leave the porch light on.'),
  branding: field.object(brandingFields),
  created_at: field.datetime({ optional: true }),
  updated_at: field.datetime({ optional: true }),
});

export function companyView(row: CompanyRow, viewer: Pick<RoleActor, 'kind'>, view: RecordView = 'default') {
  const branding = brandingOf(row);
  if (view === 'planox_client_read_branding') return { id: row.id, name: row.name, branding };
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    parent_id: row.parent_id,
    billing_parent_id: row.billing_parent_id,
    designation_id: row.designation_id,
    ...(viewer.kind === 'employee' ? { internal_notes: row.internal_notes } : {}),
    job_completion_email: row.job_completion_email,
    confirmation_email_custom_message: row.confirmation_email_custom_message,
    branding,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

type BrandingColumns = Pick<
  CompanyRow,
  | 'branding_name'
  | 'branding_website'
  | 'branding_notes'
  | 'branding_phone'
  | 'branding_address'
  | 'branding_address2'
  | 'branding_city'
  | 'branding_province_iso'
>;

export function brandingOf(row: BrandingColumns) {
  return {
    name: row.branding_name,
    website: row.branding_website,
    notes: row.branding_notes,
    phone: row.branding_phone,
    address: row.branding_address,
    address2: row.branding_address2,
    city: row.branding_city,
    province_iso: row.branding_province_iso,
  };
}
