import { appointmentRoutes } from './appointments/routes.js';
import { adminRoutes } from './admin/routes.js';
import { authRoutes } from './auth/routes.js';
import { cancelationRoutes } from './cancelations/routes.js';
import { lineItemRoutes } from './line-items/routes.js';
import { checkoutRoutes } from './checkout/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { clientRoutes } from './clients/routes.js';
import { companyRoutes } from './companies/routes.js';
import { listItemRoutes } from './list-items/routes.js';
import { orderStageRoutes } from './order-stages/routes.js';
import { orderRoutes } from './orders/routes.js';
import { passwordResetRoutes } from './password-reset/routes.js';
import type { RouteRecord } from './protocol/route.js';
import { systemRoutes } from './system/routes.js';
import { tourRoutes } from './tours/routes.js';
import { xsoRoutes } from './xso/routes.js';

/** Every route record the server serves, documents and exports. */
export const allRoutes: readonly RouteRecord[] = [
  ...systemRoutes,
  ...authRoutes,
  ...passwordResetRoutes,
  ...notificationRoutes,
  ...cancelationRoutes,
  ...xsoRoutes,
  ...listItemRoutes,
  ...companyRoutes,
  ...clientRoutes,
  ...tourRoutes,
  ...orderRoutes,
  ...orderStageRoutes,
  ...appointmentRoutes,
  ...lineItemRoutes,
  ...checkoutRoutes,
  ...adminRoutes,
];
