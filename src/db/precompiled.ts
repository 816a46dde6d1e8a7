import { randomUUID } from 'node:crypto';
import {
  createQueryId,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type QueryResult,
} from 'kysely';
import type { Database } from '../schema.js';

/** Anything that runs a compiled query: a Kysely instance, a transaction, or `PipelinedReads`. */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Compiles queries and never runs them: every database here speaks PostgreSQL's SQL. */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Stands in for a parameter while the query compiles; random, so no real value can look like one. */
const MARK = `\u0000planocore-param:${randomUUID()}:`;

type Slot<Name> = { readonly name: Name } | { readonly value: unknown };

/**
 * A query built and compiled once, then run with new parameter values: for the statements every
 * request makes, where building and compiling the Kysely query cost more JavaScript than sending
 * it (the session lookup: about an eighth of a request's CPU).
 *
 * `build` receives `param(name)` to put where a value goes.
 */
export function precompiled<Name extends string, Row>(
  build: (db: Kysely<Database>, param: (name: Name) => never) => Compilable<Row>,
): (runner: QueryRunner, values: Readonly<Record<Name, unknown>>) => Promise<Row[]> {
  const compiled = build(compiler, (name) => (MARK + name) as never).compile();
  const slots = compiled.parameters.map((p): Slot<Name> =>
    typeof p === 'string' && p.startsWith(MARK) ? { name: p.slice(MARK.length) as Name } : { value: p },
  );
  return async (runner, values) => {
    const parameters = slots.map((slot) => ('name' in slot ? values[slot.name] : slot.value));
    const result = await runner.executeQuery<Row>({
      query: compiled.query,
      queryId: createQueryId(),
      sql: compiled.sql,
      parameters,
    });
    return result.rows;
  };
}
