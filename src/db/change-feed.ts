import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The channel the triggers of migration 0060 announce changes on. */
const CHANNEL = 'planocore_changes';
const RECONNECT_DELAY_MS = 1_000;

/** One announced change: a session row, a user's role records, or everything (`all`). */
export type Change =
  | { readonly kind: 'session'; readonly id: number }
  | { readonly kind: 'user'; readonly id: number }
  | { readonly kind: 'all' };

/**
 * Changes other processes (and this one) made to what caches hold, as the database announces them
 * (LISTEN/NOTIFY). `live` is false while the listening connection is down: a change may then go
 * unheard, so a cache must neither answer from nor add to what it holds. `onChange` hears every
 * change, and an `all` each time the feed goes down or comes back.
 */
export interface ChangeFeed {
  readonly live: boolean;
  onChange(listener: (change: Change) => void): void;
  close(): Promise<void>;
}

/** `<schema>|<kind>|<id>` from the triggers; only this schema's changes concern this process. */
export function parseChange(payload: string, schema: string): Change | undefined {
  const [from, kind, id] = payload.split('|');
  if (from !== schema) return undefined;
  if (kind === 'all') return { kind: 'all' };
  if ((kind === 'session' || kind === 'user') && id && /^\d+$/.test(id)) return { kind, id: Number(id) };
  return { kind: 'all' };
}

abstract class Listeners {
  private readonly listeners: Array<(change: Change) => void> = [];
  onChange(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }
  protected emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** PostgreSQL: one connection of its own that LISTENs, reopened a second after it is lost. */
export class PostgresChangeFeed extends Listeners implements ChangeFeed {
  private client: pg.Client | undefined;
  private schema = '';
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  live = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onConnectionLost: (err: Error) => void,
  ) {
    super();
  }

  /** Resolves once listening, or once the first attempt failed (the feed then retries on its own). */
  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      const change = parseChange(message.payload ?? '', this.schema);
      if (change) this.emit(change);
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      this.schema = rows[0]?.schema ?? 'public';
      await client.query(`listen ${CHANNEL}`);
      if (this.client !== client || this.closed) return;
      this.live = true;
      // Whatever changed while nobody listened is unknown.
      this.emit({ kind: 'all' });
    } catch (err) {
      this.lost(client, err instanceof Error ? err : new Error(String(err)));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.live = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.live = false;
    this.emit({ kind: 'all' });
    client.end().catch(() => {});
    if (this.closed) return;
    if (err) this.onConnectionLost(err);
    this.retry = setTimeout(() => void this.start(), RECONNECT_DELAY_MS);
    this.retry.unref();
  }
}

/** PGlite: one process owns the database, and its notifications arrive in-process. */
export class PGliteChangeFeed extends Listeners implements ChangeFeed {
  readonly live = true;
  private unlisten: (() => Promise<void>) | undefined;

  async start(pglite: PGlite): Promise<void> {
    this.unlisten = await pglite.listen(CHANNEL, (payload) => {
      const change = parseChange(payload, 'public');
      if (change) this.emit(change);
    });
  }

  async close(): Promise<void> {
    await this.unlisten?.();
  }
}
