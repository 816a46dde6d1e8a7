import { permissionDenied, type RecordRef } from '../access/visibility.js';
import type { RoleActor } from '../protocol/auth-state.js';
import type { TourFields } from './params.js';

/** How tour routes name a tour asked for by id (README, "Access"). */
export const tourRef = (id: number, param = 'id'): RecordRef => ({
  param,
  label: `tour ${id}`,
  status: 'permission-denied',
});

/**
 * What a client may change on their own tour: its marketing (the property facts the site shows,
 * what it hides, the greeting and description). Where the property is (address, map) stays with
 * Plano Media's employees and the client's liaison, who schedule shoots there.
 */
export const CLIENT_EDITABLE_TOUR_FIELDS = [
  'mls_number',
  'bedrooms',
  'bathrooms',
  'sqft',
  'price',
  'hide_sqft',
  'hide_price',
  'property_type',
  'property_description',
  'greeting',
] as const satisfies readonly (keyof TourFields)[];

/** Refuses (`permission-denied` naming the param) a client changing a field outside their marketing fields. */
export function assertMayChangeTourFields(actor: RoleActor, fields: TourFields): void {
  if (actor.kind !== 'client') return;
  const editable: readonly string[] = CLIENT_EDITABLE_TOUR_FIELDS;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && !editable.includes(name)) {
      throw permissionDenied(name, `a client may change only their tour’s marketing fields, not ${name}`);
    }
  }
}
