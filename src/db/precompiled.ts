import { randomUUID } from 'node:crypto';
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands in for a parameter while the query compiles; random, so no real value can look like one. */
const MARK = `\u0000planocore-param:${randomUUID()}:`;

type Slot<Name> = { readonly name: Name } | { readonly value: unknown };

/**
 * A query built and compiled once, then run with new parameter values: for the statements every
 * request makes, where building and compiling the Kysely query cost more JavaScript than sending
 * it (the session lookup: about an eighth of a request's CPU).
 *
 * `build` receives `param(name)` to put where a value goes. The SQL is compiled on first use with
 * the first database handle and reused for every handle: all of them speak PostgreSQL's SQL.
 */
export function precompiled<Name extends string, Row>(
  build: (db: Kysely<Database>, param: (name: Name) => never) => Compilable<Row>,
): (db: Kysely<Database>, values: Readonly<Record<Name, unknown>>) => Promise<Row[]> {
  let compiled: { query: CompiledQuery<Row>; slots: Slot<Name>[] } | undefined;
  return async (db, values) => {
    if (!compiled) {
      const query = build(db, (name) => (MARK + name) as never).compile();
      const slots = query.parameters.map((p): Slot<Name> =>
        typeof p === 'string' && p.startsWith(MARK) ? { name: p.slice(MARK.length) as Name } : { value: p },
      );
      compiled = { query, slots };
    }
    const { query, slots } = compiled;
    const parameters = slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value));
    const result = await db.executeQuery<Row>({
      query: query.query,
      queryId: createQueryId(),
      sql: query.sql,
      parameters,
    });
    return result.rows;
  };
}
