import { captureClient } from './capture-client-route.js';
import { redeemRoute } from './redeem-route.js';

export { captureClient, redeemRoute };

export const xsoRoutes = [captureClient, redeemRoute];
