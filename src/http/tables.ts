import type { Generated } from 'kysely';

/** Operator-controlled deployment state of route and service records. */
export interface ProtocolTables {
  api_services: {
    /** For the audit trail (migration 0050). */
    id: Generated<number>;
    slug: string;
    deployed: Generated<boolean>;
    updated_at: Generated<Date>;
  };
  api_routes: {
    /** For the audit trail (migration 0050). */
    id: Generated<number>;
    method: string;
    path: string;
    service_slug: string;
    deployed: Generated<boolean>;
    updated_at: Generated<Date>;
  };
}
