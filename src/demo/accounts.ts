import type { Kysely } from 'kysely';
import type { PasswordHasher } from '../auth/passwords.js';
import { updateClient } from '../clients/update.js';
import { updateCompany } from '../companies/update.js';
import type { Database } from '../schema.js';
import { DEMO_USERS } from './seed.js';

/**
 * The demo client's profile (an assistant copied on order emails, a display name) and their
 * company's branding, set through the same services as clients/update and companies/update, by
 * the demo employee. Once: only while the company has no branding yet.
 */
export async function seedDemoAccounts(db: Kysely<Database>, passwords: PasswordHasher): Promise<void> {
  const demo = await db
    .selectFrom('clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('companies as co', 'co.id', 'c.company_id')
    .select(['c.id as client_id', 'co.id as company_id', 'co.branding_name'])
    .where('u.email', '=', DEMO_USERS.client)
    .executeTakeFirst();
  const employee = await db
    .selectFrom('employees as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'u.id as user_id'])
    .where('u.email', '=', DEMO_USERS.employee)
    .executeTakeFirst();
  if (!demo || !employee || demo.branding_name !== null) return;
  const actor = {
    kind: 'employee',
    employeeId: employee.id,
    userId: employee.user_id,
    actingUserId: null,
    applicationSlug: 'planoorder',
  } as const;
  const now = new Date();
  await updateCompany(
    db,
    actor,
    demo.company_id,
    {
      branding_name: 'Demo Realty',
      branding_website: 'https://demo-realty.example/',
      branding_phone: '+1 207 555 0100',
      branding_city: 'Portland',
      branding_province_iso: 'ME',
      job_completion_email: 'listings@demo-realty.example',
    },
    now,
  );
  await updateClient(
    { db, passwords },
    actor,
    demo.client_id,
    {
      assistant_first_name: 'Avery',
      assistant_last_name: 'Assistant',
      assistant_emails: 'assistant@demo-realty.example',
      additional_emails: 'office@demo-realty.example',
      display_name: 'Casey Client Team',
      realtor_license: 'ME-BR912345',
    },
    now,
  );
}
