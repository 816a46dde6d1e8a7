import type { Migration } from 'kysely';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('migrations', () => {
  it('run a migration that lands after a later-numbered one was already applied', async () => {
    const handle = await openDatabase({ pgliteDataDir: 'memory://' });
    try {
      // 0005 lands late, and with it the migrations that extend its tables.
      const dependents = [
        '0025_appointments',
        '0026_line_items',
        '0027_cancelation_cascade',
        '0042_checkout',
      ];
      const late = ['0005_cancelations', ...dependents];
      const landedFirst = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => !late.includes(name)),
      );
      expect(Object.keys(migrations)).toEqual(expect.arrayContaining(late));
      await migrateToLatest(handle, { getMigrations: async () => landedFirst as Record<string, Migration> });
      await migrateToLatest(handle);
      const ran = await sql<{ name: string }>`select name from kysely_migration order by timestamp`.execute(
        handle.db,
      );
      expect(ran.rows.map((r) => r.name).slice(-late.length)).toEqual(late);
      const table = await sql<{ n: number }>`select count(*)::int as n from cancelations`.execute(handle.db);
      expect(table.rows[0]!.n).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it('0011 moves the token of a waiting reset email out of its body into secret', async () => {
    const handle = await openDatabase({ pgliteDataDir: 'memory://' });
    try {
      const { '0011_email_secrets': secrets, ...before } = migrations;
      expect(secrets).toBeDefined();
      await migrateToLatest(handle, { getMigrations: async () => before as Record<string, Migration> });
      const token = `pr_${'a1B2-c3_D'.repeat(4)}xyz`;
      const link = `http://127.0.0.1:5173/password_reset?reset_token=${token}`;
      const insert = (key: string, sendBefore: string) => sql`
        insert into email_outbox (kind, to_email, subject, html_body, text_body, idempotency_key, status,
          next_attempt_at, send_before, redact_when_settled, created_at, updated_at)
        values ('password_reset', 'a@example.com', 'Reset', ${`<a href="${link}">${link}</a>`},
          ${`Choose a new password:\n${link}`}, ${key}, 'queued', now(), ${sendBefore}::timestamptz, true, now(), now())`;
      await insert('waiting', '2999-01-01T00:00:00Z').execute(handle.db);
      await insert('expired', '2000-01-01T00:00:00Z').execute(handle.db);
      await migrateToLatest(handle);
      const rows = await sql<{
        idempotency_key: string;
        secret: string | null;
        text_body: string;
        html_body: string;
        carries_secret: boolean;
      }>`
        select idempotency_key, secret, text_body, html_body, carries_secret from email_outbox order by id`.execute(
        handle.db,
      );
      const [waiting, expired] = rows.rows;
      expect(waiting).toMatchObject({ secret: token, carries_secret: true });
      expect(expired).toMatchObject({ secret: null, carries_secret: true });
      for (const row of rows.rows) {
        expect(row.text_body + row.html_body).not.toContain(token);
        expect(row.text_body).toContain('reset_token=__one_time_secret__');
      }
    } finally {
      await handle.close();
    }
  });
});
