import { listServices } from './services-route.js';

export const checkoutRoutes = [listServices];
