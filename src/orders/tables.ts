import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const ORDER_STATUSES = [
  'new_request',
  'ordered',
  'scheduling',
  'scheduled',
  'in_production',
  'delivered',
  'completed',
  'canceled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TOUR_STATUSES = ['draft', 'published', 'archived', 'canceled'] as const;
export type TourStatus = (typeof TOUR_STATUSES)[number];

export const APPOINTMENT_STATUSES = ['requested', 'scheduled', 'completed', 'canceled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const LINE_ITEM_STATUSES = ['pending', 'in_production', 'delivered', 'canceled'] as const;
export type LineItemStatus = (typeof LINE_ITEM_STATUSES)[number];

export interface OrderTables {
  /** A property tour (listing media) of a client. */
  tours: {
    id: Generated<number>;
    client_id: number;
    address: string;
    status: TourStatus;
    created_at: CreatedAt;
    updated_at: Date;
  };
  /** A client's order for media (photos, video, floor plans) of a property. */
  orders: {
    id: Generated<number>;
    client_id: number;
    tour_id: number | null;
    address: string;
    status: OrderStatus;
    created_at: CreatedAt;
    updated_at: Date;
  };
}
