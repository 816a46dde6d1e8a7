import type { ColumnType, Generated } from 'kysely';

export interface PasswordResetTables {
  password_reset_tokens: {
    id: Generated<number>;
    user_id: number;
    /** SHA-256 of the emailed token; the token itself is never stored here. */
    token_hash: string;
    created_at: ColumnType<Date, Date, never>;
    expires_at: Date;
    used_at: Date | null;
    ip: string | null;
  };
}
