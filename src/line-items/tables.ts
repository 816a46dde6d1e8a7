import type { ColumnType, Generated } from 'kysely';
import type { Cents } from '../protocol/money.js';
import type { LineItemStatus } from '../orders/tables.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** What a line item can be on (`itemable_type`): an order, or one of its appointments. */
export const ITEMABLE_TYPES = ['order', 'appointment'] as const;
export type ItemableType = (typeof ITEMABLE_TYPES)[number];

export interface LineItemTables {
  /** One product or fee of an order (a photo package, a floor plan, a same-day cancelation fee). */
  line_items: {
    id: Generated<number>;
    /** The order whose total it counts in (the itemable's order). */
    order_id: number;
    itemable_type: Defaulted<ItemableType>;
    /** Filled with `order_id` by the database when the item is written without one. */
    itemable_id: Defaulted<number>;
    /** What it came from: `cancelation` for a cancelation fee, or the caller's own type. */
    sourceable_type: Nullable<string>;
    sourceable_id: Nullable<number>;
    key: Nullable<string>;
    description: string;
    status: LineItemStatus;
    service_id: Nullable<number>;
    service_name: Nullable<string>;
    service_description: Nullable<string>;
    group_name: Nullable<string>;
    service_type_primary: Defaulted<boolean>;
    quantity: Defaulted<number>;
    instructions: Nullable<string>;
    /** What the item costs in the order's total. */
    price: Defaulted<Cents>;
    base_price: Nullable<Cents>;
    unit_price: Nullable<Cents>;
    gross_price: Nullable<Cents>;
    net_price: Nullable<Cents>;
    base_price_final: Nullable<Cents>;
    unit_price_final: Nullable<Cents>;
    discount: Nullable<Cents>;
    /** numeric: read as a JS number. */
    discount_applied_percent: Nullable<number>;
    updated_in: Nullable<string>;
    updated_at_fm: Nullable<string>;
    processed_at: Nullable<Date>;
    created_at: CreatedAt;
    updated_at: Date;
  };
}
