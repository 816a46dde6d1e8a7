import { describe, expect, it } from 'vitest';
import { createAppointmentRoute } from '../../src/appointments/routes.js';
import { buildOpenApi } from '../../src/docs/openapi.js';
import { createLineItemRoute } from '../../src/line-items/routes.js';
import { orderedParams } from '../../src/protocol/params.js';
import type { RouteRecord } from '../../src/protocol/route.js';

/** `name:type@position`, `R` when required, as the catalogue writes the real pages' params. */
function signature(route: RouteRecord): string[] {
  return orderedParams(route.params).map(
    ([name, spec]) => `${name}:${spec.type}@${spec.position}${spec.required ? ' R' : ''}`,
  );
}

const COMMON = ['token:string@100 R', 'application:string@200', 'session_view:string@300'];

describe('the real pages’ params (../shared/reference/planocore-catalogue.md)', () => {
  it('appointments/create (row 10): every param at its position, with the type and required flag it shows', () => {
    expect(signature(createAppointmentRoute)).toEqual([
      ...COMMON,
      'confirmed:boolean@1200',
      'cancelled:boolean@1300',
      'allday:boolean@1400',
      'appt_type:string@1500',
      'confirmed_at:datetime@1600',
      'confirmed_by:string@1700',
      'date_start_local:date@1800',
      'date_start_office:string@1900',
      'date_stop_local:string@2000',
      'date_stop_office:string@2100',
      'delivery_type:string@2200',
      'description:string@2300',
      'location:string@2400',
      'notes:string@2500',
      'on_site_cancel:boolean@2600',
      'optional:boolean@2700',
      'order_id:integer@2800',
      'order_request_appt_id:integer@2900',
      'photographer_name:string@3000',
      'photographer_user_id:integer@3100',
      'requested_date:date@3200',
      'requested_time:time@3300',
      'same_day_cancel:boolean@3400',
      'time_start_local:time@3500',
      'time_start_office:string@3600',
      'time_stop_local:string@3700',
      'time_stop_office:string@3800',
      'summary:string@3900',
      'time_duration:string@4000',
      'created_by:string@4100',
      'created_in:string@4200',
      'updated_at_mt:string@4300 R',
      'updated_by:string@4400',
      'uuid:string@4500',
      'created_at:string@4600',
      'updated_at:string@4700',
      'month_first:boolean@4800',
      'date_stop_utc:string@4900',
      'date_start_utc:string@5000',
      'time_start_utc:string@5100',
      'time_stop_utc:string@5200',
    ]);
  });

  it('line_items/create (row 11): the same, prices as exact money', () => {
    expect(signature(createLineItemRoute)).toEqual([
      ...COMMON,
      'itemable_type:string@400 R',
      'itemable_id:integer@400 R',
      'sourceable_id:integer@400',
      'sourceable_type:string@400',
      'key:string@400',
      'service_id:integer@500',
      'service_name:string@600',
      'service_description:string@700',
      'group_name:string@800',
      'service_type_primary:boolean@900',
      'quantity:integer@1000',
      'instructions:string@1100',
      'price:money@1200',
      'base_price:money@1300',
      'unit_price:money@1400',
      'gross_price:money@1500',
      'net_price:money@1600',
      'base_price_final:money@1700',
      'unit_price_final:money@1800',
      'discount:money@1900',
      'discount_applied_percent:float@2000',
      'updated_in:string@2100',
      'updated_at_fm:string@2200',
      'processed_at:string@2300',
    ]);
    expect(createLineItemRoute.params.instructions!.maxLength).toBe(1000);
    expect(createLineItemRoute.bodyContentType).toBe('application/json');
  });

  it('OpenAPI shows every param at its position, and the month-first dates as either form', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking the document
    const doc: any = buildOpenApi([createAppointmentRoute]);
    const body = doc.paths['/api/v1/appointments/create'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      signature(createAppointmentRoute).map((s) => s.split(':')[0]),
    );
    expect(body.required).toEqual(['token', 'updated_at_mt']);
    expect(body.properties.date_start_office.anyOf).toEqual([
      { type: 'string', format: 'date' },
      { type: 'string', pattern: '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$' },
    ]);
  });
});
