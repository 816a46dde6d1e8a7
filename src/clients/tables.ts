import type { ColumnType, Generated } from 'kysely';

/** jsonb array of addresses: written as JSON text, read back as the array. */
type EmailList = ColumnType<string[], string | undefined, string>;

/** The columns migration 0030 adds to `clients` (the table itself is declared in src/auth/tables.ts). */
export interface ClientProfileColumns {
  active: Generated<boolean>;
  assistant_first_name: ColumnType<string | null, string | null | undefined, string | null>;
  assistant_last_name: ColumnType<string | null, string | null | undefined, string | null>;
  assistant_phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** Copied on every email about the client's orders. */
  assistant_emails: EmailList;
  /** Copied on completion emails too. */
  additional_emails: EmailList;
  /** Seen by employees only. */
  employee_notes: ColumnType<string | null, string | null | undefined, string | null>;
  realtor_license: ColumnType<string | null, string | null | undefined, string | null>;
  bio: ColumnType<string | null, string | null | undefined, string | null>;
  display_name: ColumnType<string | null, string | null | undefined, string | null>;
  use_display_name: Generated<boolean>;
  updated_at: Generated<Date>;
}
