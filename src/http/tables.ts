import type { Generated } from 'kysely';

/** Operator-controlled deployment state of route and service records. */
export interface ProtocolTables {
  api_services: {
    slug: string;
    deployed: Generated<boolean>;
    updated_at: Generated<Date>;
  };
  api_routes: {
    method: string;
    path: string;
    service_slug: string;
    deployed: Generated<boolean>;
    updated_at: Generated<Date>;
  };
}
