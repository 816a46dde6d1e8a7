import { accountRoutes } from './account-routes.js';
import { passwordRoutes } from './password-routes.js';
import { registrationRoutes } from './registration-routes.js';
import { sessionRoutes } from './session-routes.js';

export const authRoutes = [...sessionRoutes, ...registrationRoutes, ...passwordRoutes, ...accountRoutes];
