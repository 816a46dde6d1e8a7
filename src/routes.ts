import { adminRoutes } from './admin/routes.js';
import { authRoutes } from './auth/routes.js';
import { cancelationRoutes } from './cancelations/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { passwordResetRoutes } from './password-reset/routes.js';
import type { RouteRecord } from './protocol/route.js';
import { systemRoutes } from './system/routes.js';
import { xsoRoutes } from './xso/routes.js';

/** Every route record the server serves, documents and exports. */
export const allRoutes: readonly RouteRecord[] = [
  ...systemRoutes,
  ...authRoutes,
  ...passwordResetRoutes,
  ...notificationRoutes,
  ...cancelationRoutes,
  ...xsoRoutes,
  ...adminRoutes,
];
