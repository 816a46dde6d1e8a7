import { createCancelation } from './create-route.js';
import { listCancelations } from './list-route.js';
import { listCancelationReasons } from './reasons-route.js';
import { reinstateCancelation } from './reinstate-route.js';
import { showCancelation } from './show-route.js';
import { updateCancelation } from './update-route.js';

export { updateCancelation };

export const cancelationRoutes = [
  createCancelation,
  updateCancelation,
  showCancelation,
  listCancelations,
  reinstateCancelation,
  listCancelationReasons,
];
