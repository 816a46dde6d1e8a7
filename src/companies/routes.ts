import { mayActForCompany, scopeCompaniesToCaller } from '../access/companies.js';
import { notVisible } from '../access/visibility.js';
import { likeEscape } from '../db/like.js';
import { applicationViewParam, commonParams } from '../auth/params.js';
import { RECORD_VIEWS } from '../clients/views.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { companyField, companyView } from './records.js';
import { CLEARABLE_COMPANY_FIELDS, updateCompany } from './update.js';

const viewParam = param.string({
  position: 1,
  possibleValues: RECORD_VIEWS,
  example: 'default',
  description:
    'View of the company returned: `planox_client_read_branding` gives its id, name and branding only; the others every field the caller may see.',
});
const idParam = param.string({
  position: 3,
  required: true,
  format: 'id',
  example: '27',
  description: 'Id of the company.',
});
const ACCESS =
  'Employees may act for every company, liaisons for the companies of their linked clients, clients for their own.';

const brandingText = (position: number, example: string, description: string, maxLength = 200) =>
  param.string({ position, maxLength, example, description });

/** The real page (catalogue row 8): params and positions as documented; `name` and `clear` are ours. */
export const updateCompanyRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/companies/update',
  title: 'Update Company',
  purpose: `Updates a company: its standing, its parent and billing parent (which may never lead back to the company), its designation, notes, email settings and branding. ${ACCESS} The standing, hierarchy, designation and internal notes are for employees; clients and liaisons may change the email settings and branding. Every change is kept in the audit trail.`,
  service: 'companies',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    view: viewParam,
    id: idParam,
    ...commonParams,
    application_view: applicationViewParam,
    active: param.boolean({
      position: 200,
      example: true,
      description: 'false retires the company (employees only).',
    }),
    parent_id: param.integer({
      position: 300,
      min: 1,
      example: 12,
      description:
        'The company this one belongs to (employees only); following parents must never come back to it.',
    }),
    billing_parent_id: param.integer({
      position: 400,
      min: 1,
      example: 12,
      description: 'The company that pays for this one’s orders (employees only); acyclic like `parent_id`.',
    }),
    designation_id: param.integer({
      position: 500,
      min: 1,
      example: 3,
      description: 'The company’s designation, which scopes promotions (employees only).',
    }),
    internal_notes: param.string({
      position: 600,
      maxLength: 5000,
      example: 'Pays by check; call Dana first.',
      description: 'Notes for employees; only employees see and set them.',
    }),
    job_completion_email: param.string({
      position: 700,
      maxLength: 254,
      format: 'email',
      example: 'listings@frontrange.example',
      description: 'Address that also receives the completion email of the company’s orders.',
    }),
    confirmation_email_custom_message: param.string({
      position: 800,
      maxLength: 2000,
      example: 'Please leave the porch light on.',
      description: 'Added to the confirmation email of the company’s orders.',
    }),
    name: param.string({
      position: 900,
      minLength: 1,
      maxLength: 200,
      example: 'Front Range Realty',
      description: 'The company’s name (employees only).',
    }),
    branding_name: brandingText(2400, 'Front Range Realty', 'Name shown on tours.'),
    branding_website: param.string({
      position: 2500,
      maxLength: 2048,
      format: 'url',
      example: 'https://frontrange.example/',
      description: 'Website shown on tours.',
    }),
    branding_notes: brandingText(2600, 'Logo on dark backgrounds.', 'Notes about the branding.', 2000),
    branding_phone: brandingText(2700, '+1 303 555 0100', 'Phone shown on tours.', 30),
    branding_address: brandingText(2800, '1600 Market St', 'Address shown on tours.'),
    branding_address2: brandingText(2900, 'Suite 400', 'Second address line.'),
    branding_city: brandingText(3000, 'Denver', 'City.', 100),
    branding_province_iso: brandingText(3100, 'CO', 'State or province (ISO 3166-2 subdivision code).', 6),
    clear: param.array({
      position: 3200,
      items: param.string({ position: 0, possibleValues: CLEARABLE_COMPANY_FIELDS }),
      maxItems: CLEARABLE_COMPANY_FIELDS.length,
      example: ['branding_notes'],
      description:
        'Fields to empty, links to remove (an empty param means "unchanged"); the same roles as setting them.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    company: companyField,
    changed: field.list(field.string({ example: 'branding_name' }), {
      description: 'The fields this update changed (empty when it changed nothing).',
    }),
  }),
  handler: async (input, ctx) => {
    const { company, changed } = await updateCompany(
      ctx.db,
      ctx.auth,
      Number(input.id),
      input,
      ctx.clock.now(),
    );
    return { company: companyView(company, ctx.auth, input.view), changed };
  },
});

export const readCompanyRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/companies/read',
  title: 'Read Company',
  purpose: `Returns one company in the requested view. ${ACCESS} Another company and one that does not exist answer alike (\`permission-denied\`).`,
  service: 'companies',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: { view: viewParam, id: idParam, ...commonParams, application_view: applicationViewParam },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ company: companyField }),
  handler: async (input, ctx) => {
    const id = Number(input.id);
    const ref = { param: 'id', label: `company ${id}`, status: 'permission-denied' } as const;
    if (!(await mayActForCompany(ctx.db, ctx.auth, id))) throw notVisible(ctx.auth, ref);
    const row = await ctx.db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notVisible(ctx.auth, ref);
    return { company: companyView(row, ctx.auth, input.view) };
  },
});

export const listCompaniesRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/companies/list',
  title: 'List Companies',
  purpose: `Lists companies by name, filtered by a search of the name, parent, billing parent and standing, a page at a time (\`data.results\`, \`data.pagination\`). ${ACCESS}`,
  service: 'companies',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    view: viewParam,
    ...commonParams,
    application_view: applicationViewParam,
    search: param.string({
      position: 400,
      maxLength: 200,
      example: 'front range',
      description: 'Only companies whose name contains this (any case).',
    }),
    parent_id: param.integer({
      position: 500,
      min: 1,
      example: 12,
      description: 'Only the children of this company.',
    }),
    billing_parent_id: param.integer({
      position: 600,
      min: 1,
      example: 12,
      description: 'Only the companies this one pays for.',
    }),
    active: param.boolean({
      position: 700,
      example: true,
      description: 'Only active (true) or retired (false) ones.',
    }),
    ...paginationParams({ position: 800, noun: 'companies' }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: pageField(companyField),
  handler: async (input, ctx) => {
    const search = input.search?.trim();
    const filtered = scopeCompaniesToCaller(ctx.db.selectFrom('companies as co'), ctx.auth, 'co.id')
      .$if(search !== undefined && search !== '', (q) =>
        q.where('co.name', 'ilike', `%${likeEscape(search!)}%`),
      )
      .$if(input.parent_id !== undefined, (q) => q.where('co.parent_id', '=', input.parent_id!))
      .$if(input.billing_parent_id !== undefined, (q) =>
        q.where('co.billing_parent_id', '=', input.billing_parent_id!),
      )
      .$if(input.active !== undefined, (q) => q.where('co.active', '=', input.active!));
    return paginate(
      filtered,
      input,
      (q) => q.selectAll('co').orderBy('co.name').orderBy('co.id'),
      (row) => companyView(row, ctx.auth, input.view),
    );
  },
});

export const companyRoutes = [updateCompanyRoute, readCompanyRoute, listCompaniesRoute];
