import type { CompiledQuery, QueryResult } from 'kysely';
import pg from 'pg';
import type { QueryRunner } from './precompiled.js';
import { queryNamed } from './pg-statements.js';
import { StatementNames } from './statement-names.js';

/**
 * One PostgreSQL connection in pipeline mode for short reads every request makes (the session
 * lookup): each statement is sent at once, without waiting for the one before to answer, and the
 * answers of several come back in one socket read. On this machine a lookup cost the server 110-120
 * µs of CPU through the pool (checkout, a write and a read of its own) and 70-75 µs here.
 *
 * PostgreSQL runs a connection's statements one after another, so a slow statement would hold up
 * every request behind it: only single SELECTs by a unique key belong here, never writes (which can
 * wait on locks) or anything that needs a transaction.
 *
 * A connection that fails or ends fails the statements in flight (their requests answer
 * application-crash) and the next statement opens a new one.
 */
export class PipelinedReads implements QueryRunner {
  private readonly names = new StatementNames();
  private client: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onConnectionLost: (err: Error) => void = () => {},
  ) {}

  async executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    const client = await this.connection();
    const result = await queryNamed<R & pg.QueryResultRow>(client, this.names, query.sql, query.parameters);
    return { rows: result.rows };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    if (client) await (await client.catch(() => null))?.end();
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('PipelinedReads is closed'));
    this.client ??= this.open();
    return this.client;
  }

  private open(): Promise<pg.Client> {
    const client = new pg.Client({ ...this.config, pipeline: true });
    const opening = client.connect().then(
      () => client,
      (err: unknown) => {
        this.forget(opening);
        throw err;
      },
    );
    const lost = (err?: Error) => {
      this.forget(opening);
      if (err) this.onConnectionLost(err);
      client.end().catch(() => {});
    };
    client.on('error', lost);
    client.on('end', () => lost());
    return opening;
  }

  /** The next statement opens a new connection, unless one already replaced this one. */
  private forget(connection: Promise<pg.Client>): void {
    if (this.client === connection) this.client = undefined;
  }
}
