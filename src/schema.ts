import type { AppointmentTables } from './appointments/tables.js';
import type { AdminTables } from './admin/tables.js';
import type { AuditTables } from './audit/tables.js';
import type { AuthTables } from './auth/tables.js';
import type { CancelationTables } from './cancelations/tables.js';
import type { CheckoutTables } from './checkout/tables.js';
import type { EmailTables } from './email/tables.js';
import type { ProtocolTables } from './http/tables.js';
import type { ListItemTables } from './list-items/tables.js';
import type { LineItemTables } from './line-items/tables.js';
import type { OrderTables } from './orders/tables.js';
import type { OrderStageTables } from './order-stages/tables.js';
import type { NotificationTables } from './notifications/tables.js';
import type { PasswordResetTables } from './password-reset/tables.js';
import type { PaymentTables } from './payments/tables.js';
import type { ThrottleTables } from './throttle/tables.js';
import type { XsoTables } from './xso/tables.js';

/**
 * The whole database as Kysely sees it. Each capability declares its own tables beside its code;
 * this interface only joins them.
 */
export interface Database
  extends
    ProtocolTables,
    AuthTables,
    OrderTables,
    EmailTables,
    NotificationTables,
    PasswordResetTables,
    XsoTables,
    CancelationTables,
    AuditTables,
    ListItemTables,
    ThrottleTables,
    OrderStageTables,
    AppointmentTables,
    LineItemTables,
    CheckoutTables,
    PaymentTables,
    AdminTables {}
