import type { ColumnType } from 'kysely';

export interface AdminTables {
  /** The permissions each employee holds (granted by an operator, or the demo seed). */
  employee_permissions: {
    employee_id: number;
    /** One of PERMISSIONS (src/protocol/auth-state.ts). */
    permission: string;
    granted_at: ColumnType<Date, Date | undefined, never>;
  };
}
