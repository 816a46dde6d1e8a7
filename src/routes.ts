import type { RouteRecord } from './protocol/route.js';
import { systemRoutes } from './system/routes.js';

/** Every route record the server serves, documents and exports. */
export const allRoutes: readonly RouteRecord[] = [...systemRoutes];
