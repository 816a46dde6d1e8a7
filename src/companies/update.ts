import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { notVisible, permissionDenied } from '../access/visibility.js';
import { mayActForCompany } from '../access/companies.js';
import { changedFields, recordChange } from '../audit/trail.js';
import type { AuthTables } from '../auth/tables.js';
import { ancestorLinks, hierarchyCycle, lockHierarchies, type HierarchyColumn } from './hierarchy.js';
import type { CompanyRow } from './records.js';

/** Text fields an update may empty (`clear`), and the links it may remove. */
export const CLEARABLE_COMPANY_FIELDS = [
  'parent_id',
  'billing_parent_id',
  'designation_id',
  'internal_notes',
  'job_completion_email',
  'confirmation_email_custom_message',
  'branding_name',
  'branding_website',
  'branding_notes',
  'branding_phone',
  'branding_address',
  'branding_address2',
  'branding_city',
  'branding_province_iso',
] as const;

/** What only employees may set: the company's standing, hierarchy, designation and notes. */
const EMPLOYEE_ONLY = [
  'name',
  'active',
  'parent_id',
  'billing_parent_id',
  'designation_id',
  'internal_notes',
] as const;

type Clearable = (typeof CLEARABLE_COMPANY_FIELDS)[number];

export interface CompanyUpdateInput {
  readonly name?: string | undefined;
  readonly active?: boolean | undefined;
  readonly parent_id?: number | undefined;
  readonly billing_parent_id?: number | undefined;
  readonly designation_id?: number | undefined;
  readonly internal_notes?: string | undefined;
  readonly job_completion_email?: string | undefined;
  readonly confirmation_email_custom_message?: string | undefined;
  readonly branding_name?: string | undefined;
  readonly branding_website?: string | undefined;
  readonly branding_notes?: string | undefined;
  readonly branding_phone?: string | undefined;
  readonly branding_address?: string | undefined;
  readonly branding_address2?: string | undefined;
  readonly branding_city?: string | undefined;
  readonly branding_province_iso?: string | undefined;
  readonly clear?: readonly Clearable[] | undefined;
}

type Changes = Updateable<AuthTables['companies']>;
const SETTABLE = [...EMPLOYEE_ONLY, ...CLEARABLE_COMPANY_FIELDS.filter((f) => !isEmployeeOnly(f))] as const;

function isEmployeeOnly(name: string): boolean {
  return (EMPLOYEE_ONLY as readonly string[]).includes(name);
}

/**
 * The pure decision: the columns the update sets, after the role's rules (employees only for the
 * standing, hierarchy, designation and notes; `permission-denied` naming the param otherwise) and
 * the obvious self-reference.
 */
export function planCompanyUpdate(
  actor: Pick<RoleActor, 'kind'>,
  companyId: number,
  input: CompanyUpdateInput,
): Changes {
  if (actor.kind !== 'employee') {
    const given = EMPLOYEE_ONLY.find((name) => input[name] !== undefined);
    if (given) throw permissionDenied(given, `only an employee may set ${given}`);
    const cleared = input.clear?.find(isEmployeeOnly);
    if (cleared) throw permissionDenied('clear', `only an employee may clear ${cleared}`);
  }
  const changes: Record<string, unknown> = {};
  for (const name of input.clear ?? []) changes[name] = null;
  for (const name of SETTABLE) if (input[name] !== undefined) changes[name] = input[name];
  for (const column of ['parent_id', 'billing_parent_id'] as const) {
    if (input[column] === companyId) {
      throw ApiError.invalidParam(column, `${column}: a company cannot be its own ${linkWord(column)}`);
    }
  }
  return changes as Changes;
}

function linkWord(column: HierarchyColumn): string {
  return column === 'parent_id' ? 'parent' : 'billing parent';
}

/**
 * Applies an update: the caller must be able to act for the company; a new parent or billing
 * parent must exist and must not lead back to the company (checked under one lock, so changes
 * made at once cannot close a loop together). The change is kept in the audit trail.
 */
export async function updateCompany(
  db: Kysely<Database>,
  actor: RoleActor,
  companyId: number,
  input: CompanyUpdateInput,
  now: Date,
): Promise<{ company: CompanyRow; changed: string[] }> {
  const ref = { param: 'id', label: `company ${companyId}`, status: 'permission-denied' } as const;
  if (!(await mayActForCompany(db, actor, companyId))) throw notVisible(actor, ref);
  const changes = planCompanyUpdate(actor, companyId, input);
  return db.transaction().execute(async (trx) => {
    const links = (['parent_id', 'billing_parent_id'] as const).filter((c) => typeof changes[c] === 'number');
    if (links.length > 0) await lockHierarchies(trx);
    const current = await trx
      .selectFrom('companies')
      .selectAll()
      .where('id', '=', companyId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notVisible(actor, ref);
    for (const column of links) {
      const target = changes[column] as number;
      const above = await ancestorLinks(trx, column, target);
      if (!above.has(target)) throw ApiError.invalidParam(column, `${column} ${target} is not a company`);
      const cycle = hierarchyCycle(companyId, target, (id) => above.get(id));
      if (cycle) {
        throw ApiError.invalidParam(
          column,
          `${column} ${target} would make a cycle of ${linkWord(column)}s: company ${cycle.join(' → ')}`,
        );
      }
    }
    const company = await trx
      .updateTable('companies')
      .set({ ...changes, updated_at: now })
      .where('id', '=', companyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const diff = changedFields(current, company, ['updated_at', 'created_at']);
    if (diff) {
      await recordChange(trx, actor, {
        entityType: 'company',
        entityId: companyId,
        action: 'update',
        before: diff.before,
        after: diff.after,
        at: now,
      });
    }
    return { company, changed: diff?.keys ?? [] };
  });
}
