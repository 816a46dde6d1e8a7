import { paymentMethodRoutes } from '../payments/payment-method-routes.js';
import { listServices } from './services-route.js';

export const checkoutRoutes = [listServices, ...paymentMethodRoutes];
