import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../protocol/auth-state.js';
import type { ClientProfileColumns } from '../clients/tables.js';
import type { CompanyProfileColumns } from '../companies/tables.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface AuthTables {
  companies: {
    id: Generated<number>;
    name: string;
    created_at: Generated<Date>;
  } & CompanyProfileColumns;
  users: {
    id: Generated<number>;
    email: string;
    /** Null for accounts created through Google OAuth or a magic link. */
    password_hash: string | null;
    first_name: string;
    last_name: string;
    phone: string | null;
    password_changed_at: Date | null;
    created_at: CreatedAt;
  };
  clients: {
    id: Generated<number>;
    user_id: number;
    company_id: number | null;
    enterprise: Generated<boolean>;
    created_at: CreatedAt;
  } & ClientProfileColumns;
  employees: {
    id: Generated<number>;
    user_id: number;
    title: string | null;
    created_at: CreatedAt;
  };
  liaisons: {
    id: Generated<number>;
    user_id: number;
    created_at: CreatedAt;
  };
  /** The clients a liaison acts for. */
  liaison_clients: {
    liaison_id: number;
    client_id: number;
  };
  applications: {
    id: Generated<number>;
    slug: string;
    name: string;
    /** The role a request made through this application acts as. */
    role: Role;
    /** SHA-256 of the application's own API token, if one was issued. */
    token_hash: string | null;
    /** When the current API token was issued (`applications/issue_token`), if one was. */
    token_issued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    created_at: Generated<Date>;
  };
  sessions: {
    id: Generated<number>;
    /** SHA-256 of the bearer token; the token itself is never stored. */
    token_hash: string;
    user_id: number;
    application_id: number;
    remember_me: boolean;
    /** Someone acting on the user's behalf (XSO), if any. */
    acting_user_id: number | null;
    /** The session this one was handed off from (XSO); this one ends when that one does. */
    origin_session_id: ColumnType<number | null, number | null | undefined, number | null>;
    redirect_url: string | null;
    ip: string | null;
    user_agent: string | null;
    created_at: Date;
    last_used_at: Date;
    revoked_at: Date | null;
    revoked_reason: string | null;
  };
}
