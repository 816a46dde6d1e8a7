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
    address2: ColumnType<string | null, string | null | undefined>;
    city: ColumnType<string | null, string | null | undefined>;
    province_iso: ColumnType<string | null, string | null | undefined>;
    /** Text: leading zeros stay. */
    postal_code: ColumnType<string | null, string | null | undefined>;
    mls_number: ColumnType<string | null, string | null | undefined>;
    /** Decimal text, as the real page takes them. */
    bedrooms: ColumnType<string | null, string | null | undefined>;
    bathrooms: ColumnType<string | null, string | null | undefined>;
    sqft: ColumnType<string | null, string | null | undefined>;
    price: ColumnType<string | null, string | null | undefined>;
    hide_sqft: Generated<boolean>;
    hide_price: Generated<boolean>;
    /** A value of the `property_type` list. */
    property_type: ColumnType<string | null, string | null | undefined>;
    /** Latitude and longitude. */
    map_x: ColumnType<number | null, number | null | undefined>;
    map_y: ColumnType<number | null, number | null | undefined>;
    property_description: ColumnType<string | null, string | null | undefined>;
    greeting: ColumnType<string | null, string | null | undefined>;
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
    notes: ColumnType<string | null, string | null | undefined>;
    /** A date column: drivers read it as a Date at local midnight; read it as text (`dueDateText`). */
    due_date: ColumnType<Date | null, string | null | undefined>;
    delivery_rush: Generated<boolean>;
  };
}
