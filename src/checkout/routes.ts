import { paymentMethodRoutes } from '../payments/payment-method-routes.js';
import { listServices } from './services-route.js';
import { authorizeAndSubmit, payAndSubmit } from './submit-routes.js';

export const checkoutRoutes = [listServices, ...paymentMethodRoutes, authorizeAndSubmit, payAndSubmit];
