import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { isStalePlan, StatementNames } from './statement-names.js';

type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/**
 * Runs statements on PGlite as one batch of protocol messages, preparing each distinct SQL text
 * once as a named statement. PGlite's own `query` makes six calls into the wasm engine per
 * statement (parse, describe, bind, describe, execute, sync) and plans it every time; this makes
 * one call and plans once: a primary-key SELECT went from 337 µs to 95 µs.
 *
 * Params go as text and PostgreSQL infers their types, as it does for PGlite's `query`; array
 * params cannot be written that way without knowing their element type, so `canRun` leaves those
 * statements to `query`.
 */
export class PGliteStatements {
  private readonly names = new StatementNames();
  /**
   * Names this engine has prepared (it is one connection, so one set), each with the row
   * description its first run returned, so later runs skip the Describe.
   */
  private readonly prepared = new Map<string, BackendMessage>();

  constructor(private readonly pglite: PGlite) {}

  canRun(params: readonly unknown[]): boolean {
    return !params.some((value) => Array.isArray(value));
  }

  run<R>(sql: string, params: readonly unknown[]): Promise<Results<R>> {
    // The same lock as PGlite's `query`, which sends its messages in several calls.
    return this.pglite.runExclusive(async () => {
      const name = this.names.nameFor(sql) ?? '';
      const prepare = name !== '' && !this.prepared.has(name);
      // A prepared statement's rows always have the shape its first run described.
      const described = name === '' || prepare ? undefined : this.prepared.get(name);
      const messages: Uint8Array[] = [];
      if (name === '' || prepare) messages.push(protocol.serialize.parse({ name, text: sql }));
      messages.push(
        protocol.serialize.bind({ statement: name, values: params.map(asText) }),
        described ? EXECUTE_SYNC : DESCRIBE_EXECUTE_SYNC,
      );
      try {
        const result = await this.pglite.execProtocol(concat(messages));
        if (prepare) this.prepared.set(name, rowDescriptionOf(result.messages));
        const answer = described && described !== NO_ROWS ? [described, ...result.messages] : result.messages;
        return parse.parseResults(answer, this.pglite.parsers)[0] as Results<R>;
      } catch (err) {
        // The parse may have succeeded before a later message failed: close the name either way.
        if (prepare) await this.close(name);
        if (name !== '' && isStalePlan(err)) {
          this.names.forget(sql);
          this.prepared.delete(name);
          await this.close(name);
        }
        throw err;
      }
    });
  }

  private async close(name: string): Promise<void> {
    const message = concat([protocol.serialize.close({ type: 'S', name }), protocol.serialize.sync()]);
    await this.pglite.execProtocol(message, { throwOnError: false });
  }
}

const EXECUTE_SYNC = concat([protocol.serialize.execute({}), protocol.serialize.sync()]);
const DESCRIBE_EXECUTE_SYNC = concat([protocol.serialize.describe({ type: 'P' }), EXECUTE_SYNC]);
/** Stands for the row description of a statement that returns no rows (Describe answered NoData). */
const NO_ROWS = { name: 'noData', length: 0 } as BackendMessage;

function rowDescriptionOf(messages: readonly BackendMessage[]): BackendMessage {
  return messages.find((m) => m.name === 'rowDescription') ?? NO_ROWS;
}

/** A param as PostgreSQL's text input format, the way node-postgres writes it. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
