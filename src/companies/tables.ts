import type { ColumnType, Generated } from 'kysely';

type Text = ColumnType<string | null, string | null | undefined, string | null>;

/** The columns migration 0030 adds to `companies` (the table itself is declared in src/auth/tables.ts). */
export interface CompanyProfileColumns {
  active: Generated<boolean>;
  /** The company this one belongs to; following parents never comes back (companies/update). */
  parent_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The company that pays for this one's orders; acyclic like `parent_id`. */
  billing_parent_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Promotions are scoped by designation. */
  designation_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Seen by employees only. */
  internal_notes: Text;
  job_completion_email: Text;
  confirmation_email_custom_message: Text;
  branding_name: Text;
  branding_website: Text;
  branding_notes: Text;
  branding_phone: Text;
  branding_address: Text;
  branding_address2: Text;
  branding_city: Text;
  branding_province_iso: Text;
  updated_at: Generated<Date>;
}
