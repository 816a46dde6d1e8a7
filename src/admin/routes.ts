import { listAuditEvents } from './audit-route.js';
import { issueApplicationTokenRoute, listApplications, updateApplication } from './applications.js';
import {
  createCancelationReason,
  listCancelableStatuses,
  updateCancelableStatuses,
  updateCancelationReason,
} from './cancelation-settings.js';
import { listEmailOutbox, resendEmail } from './email-outbox.js';
import { listApiRoutes, listApiServices, updateApiRoute, updateApiService } from './route-switches.js';

/** The operations routes (issue 17): employees holding the `admin` permission. */
export const adminRoutes = [
  listApiRoutes,
  updateApiRoute,
  listApiServices,
  updateApiService,
  listApplications,
  issueApplicationTokenRoute,
  updateApplication,
  listEmailOutbox,
  resendEmail,
  createCancelationReason,
  updateCancelationReason,
  listCancelableStatuses,
  updateCancelableStatuses,
  listAuditEvents,
];
