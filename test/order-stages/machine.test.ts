import { describe, expect, it } from 'vitest';
import {
  allowedStagesFrom,
  decideStage,
  ORDER_STAGE_NAMES,
  ORDER_STAGES,
  ORDER_TRANSITIONS,
} from '../../src/order-stages/machine.js';
import { ORDER_STATUSES } from '../../src/orders/tables.js';

describe('the order state machine', () => {
  it('covers every status, and names only statuses', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const next of Object.values(ORDER_TRANSITIONS)) {
      for (const status of next) expect(ORDER_STATUSES).toContain(status);
    }
  });

  it('moves an order along its happy path', () => {
    let status = 'new_request' as (typeof ORDER_STATUSES)[number];
    for (const stage of [
      'ordered',
      'ready_to_schedule',
      'scheduled',
      'assembly',
      'delivered',
      'completed',
    ] as const) {
      const d = decideStage(status, stage, true);
      expect(d, stage).toMatchObject({ ok: true, statusBefore: status });
      if (d.ok) status = d.statusAfter;
    }
    expect(status).toBe('completed');
  });

  it('allows a reschedule and a revision, refuses skipping production or going back to new_request', () => {
    expect(decideStage('scheduled', 'reschedule_requested', true)).toMatchObject({
      ok: true,
      statusAfter: 'scheduling',
    });
    expect(decideStage('delivered', 'post_processing', true)).toMatchObject({
      ok: true,
      statusAfter: 'in_production',
    });
    expect(decideStage('scheduled', 'delivered', true)).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(decideStage('ordered', 'new_request', true)).toMatchObject({ ok: false, reason: 'not-allowed' });
  });

  it('refuses a stage into the status the order is in', () => {
    const d = decideStage('ordered', 'ordered', true);
    expect(d).toMatchObject({ ok: false, reason: 'not-allowed', message: 'the order is already ordered' });
  });

  it('never enters or leaves canceled (cancelations do that)', () => {
    for (const status of ORDER_STATUSES) {
      expect(decideStage(status, 'canceled', true).ok).toBe(false);
    }
    for (const stage of ORDER_STAGE_NAMES) expect(decideStage('canceled', stage, true).ok).toBe(false);
    expect(allowedStagesFrom('canceled')).toEqual([]);
    expect(allowedStagesFrom('completed')).toEqual([]);
  });

  it('a stage that sets no status is refused with update_status, recorded without', () => {
    expect(ORDER_STAGES.hold).toBeNull();
    expect(decideStage('scheduled', 'hold', true)).toMatchObject({ ok: false, reason: 'no-status' });
    expect(decideStage('scheduled', 'hold', false)).toEqual({
      ok: true,
      statusBefore: 'scheduled',
      statusAfter: 'scheduled',
    });
  });

  it('with update_status=false any stage is recorded in any status, the status unchanged', () => {
    for (const status of ORDER_STATUSES) {
      for (const stage of ORDER_STAGE_NAMES) {
        expect(decideStage(status, stage, false)).toEqual({
          ok: true,
          statusBefore: status,
          statusAfter: status,
        });
      }
    }
  });

  it('the allowed stages are exactly those decideStage accepts', () => {
    for (const status of ORDER_STATUSES) {
      const accepted = ORDER_STAGE_NAMES.filter((stage) => decideStage(status, stage, true).ok);
      expect(allowedStagesFrom(status), status).toEqual(accepted);
    }
  });
});
