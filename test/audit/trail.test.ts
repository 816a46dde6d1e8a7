import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHistory, changedFields, recordChange } from '../../src/audit/trail.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { ApplicationAuth } from '../../src/protocol/auth-state.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { callerFor } from '../helpers/callers.js';
import { openTestDatabase } from '../helpers/database.js';

let database: DatabaseHandle;
let employee: TestUser;
let client: TestUser;
const db = () => database.db;
const at = new Date('2026-03-01T12:00:00.000Z');
let nextId = 1000;

beforeAll(async () => {
  database = await openTestDatabase();
  employee = await createUser(db(), ['employee']);
  client = await createUser(db(), ['client']);
});
afterAll(async () => database?.close());

describe('recordChange', () => {
  it('records who changed what, through which application, when, before and after', async () => {
    const entityId = nextId++;
    // An employee acting for the client through an XSO hand-off.
    const caller = callerFor(client, 'client', { actingUserId: employee.userId });
    await db()
      .transaction()
      .execute(async (trx) => {
        await recordChange(trx, caller, {
          entityType: 'tour',
          entityId,
          action: 'create',
          before: null,
          after: { address: '1 Elm Street', status: 'draft' },
          at,
        });
      });
    expect(await auditHistory(db(), 'tour', entityId)).toEqual([
      {
        id: expect.any(Number),
        action: 'create',
        actor_user_id: client.userId,
        acting_user_id: employee.userId,
        application: 'planoauth',
        occurred_at: at.toISOString(),
        before: null,
        after: { address: '1 Elm Street', status: 'draft' },
      },
    ]);
  });

  it('writes nothing when the change’s transaction rolls back', async () => {
    const entityId = nextId++;
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await recordChange(trx, callerFor(employee, 'employee'), {
            entityType: 'order',
            entityId,
            action: 'update',
            before: { status: 'ordered' },
            after: { status: 'scheduled' },
            at,
          });
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    expect(await auditHistory(db(), 'order', entityId)).toEqual([]);
  });

  it('names the application, and no user, for an application’s own token', async () => {
    const entityId = nextId++;
    const capture: ApplicationAuth = { kind: 'application', applicationId: 4, applicationSlug: 'capture' };
    await db()
      .transaction()
      .execute((trx) =>
        recordChange(trx, capture, {
          entityType: 'order',
          entityId,
          action: 'delete',
          before: { status: 'draft' },
          after: null,
          at,
        }),
      );
    expect(await auditHistory(db(), 'order', entityId)).toEqual([
      expect.objectContaining({ actor_user_id: null, acting_user_id: null, application: 'capture' }),
    ]);
  });
});

describe('auditHistory', () => {
  it('gives one record’s entries, oldest first, and no other record’s', async () => {
    const entityId = nextId++;
    const caller = callerFor(employee, 'employee');
    const steps = ['create', 'update', 'delete'] as const;
    for (const [i, action] of steps.entries()) {
      await db()
        .transaction()
        .execute(async (trx) => {
          await recordChange(trx, caller, {
            entityType: 'company',
            entityId,
            action,
            before: i === 0 ? null : { step: i - 1 },
            after: action === 'delete' ? null : { step: i },
            at: new Date(at.getTime() + i * 1000),
          });
          // Same id, another type: not part of this company's history.
          await recordChange(trx, caller, {
            entityType: 'client',
            entityId,
            action: 'update',
            before: { n: i },
            after: { n: i + 1 },
            at,
          });
        });
    }
    const history = await auditHistory(db(), 'company', entityId);
    expect(history.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(history.map((e) => e.after)).toEqual([{ step: 0 }, { step: 1 }, null]);
  });
});

describe('audit_events', () => {
  it('is append-only: the database refuses to rewrite, delete or empty it', async () => {
    const entityId = nextId++;
    await db()
      .transaction()
      .execute((trx) =>
        recordChange(trx, callerFor(employee, 'employee'), {
          entityType: 'order',
          entityId,
          action: 'update',
          before: { status: 'a' },
          after: { status: 'b' },
          at,
        }),
      );
    await expect(
      db().updateTable('audit_events').set({ action: 'create' }).where('entity_id', '=', entityId).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_events').where('entity_id', '=', entityId).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate audit_events`.execute(db())).rejects.toThrow(/append-only/);
    expect(await auditHistory(db(), 'order', entityId)).toHaveLength(1);
  });

  it('refuses an entry with neither a before nor an after, or a badly spelled entity type', async () => {
    const entry = {
      entity_id: nextId++,
      action: 'update' as const,
      actor_user_id: null,
      acting_user_id: null,
      application: null,
      occurred_at: at,
    };
    await expect(
      db()
        .insertInto('audit_events')
        .values({ ...entry, entity_type: 'order', before: null, after: null })
        .execute(),
    ).rejects.toThrow(/audit_events_records_a_state/);
    await expect(
      db()
        .insertInto('audit_events')
        .values({ ...entry, entity_type: 'Order Item' as 'order', before: '{}', after: '{}' })
        .execute(),
    ).rejects.toThrow(/entity_type/);
  });
});

describe('changedFields', () => {
  it('keeps only the fields that differ, on both sides, leaving out updated_at', () => {
    const before = { id: 1, status: 'ordered', note: null, tags: ['a'], updated_at: '2026-01-01' };
    const after = { id: 1, status: 'scheduled', note: null, tags: ['a', 'b'], updated_at: '2026-01-02' };
    expect(changedFields(before, after)).toEqual({
      keys: ['status', 'tags'],
      before: { status: 'ordered', tags: ['a'] },
      after: { status: 'scheduled', tags: ['a', 'b'] },
    });
  });

  it('answers null when nothing but the ignored fields changed', () => {
    expect(
      changedFields({ a: 1, tags: ['x'], updated_at: 1 }, { a: 1, tags: ['x'], updated_at: 2 }),
    ).toBeNull();
    expect(changedFields({ a: 1, b: 2 }, { a: 1, b: 3 }, ['b'])).toBeNull();
  });
});
