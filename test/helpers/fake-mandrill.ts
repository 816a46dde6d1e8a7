import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the fake answers one `/messages/send`:
 * - `ok` / `queued` / `scheduled`: accepted, with that recipient status
 * - `reject`: `rejected` with reject_reason `hard-bounce`; `invalid`: `invalid`
 * - `http500`: Mandrill's error shape with HTTP 500
 * - `timeout`: never answers (until the fake is closed)
 */
export type FakeMode = 'ok' | 'queued' | 'scheduled' | 'reject' | 'invalid' | 'http500' | 'timeout';

export interface ReceivedRequest {
  readonly key: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever was posted
  readonly message: any;
  readonly answeredWith: FakeMode;
}

export interface FakeMandrill {
  /** API root to put in `config.mandrill.baseUrl`. */
  readonly url: string;
  readonly apiKey: string;
  /** Every request received, in order, with the mode it was answered with. */
  readonly received: ReceivedRequest[];
  /** The answer once the scripted ones are used up. */
  mode: FakeMode;
  /** The next requests are answered with these modes, in order. */
  script(...modes: FakeMode[]): void;
  /** Requests now held open by `timeout`. */
  readonly pending: number;
  /** Called when `timeout` starts holding a request (the email helpers fire the sender's deadline). */
  onHold: (() => void) | null;
  close(): Promise<void>;
}

let sequence = 0;

/** A stand-in for Mandrill's HTTP API on a loopback port. */
export async function startFakeMandrill(apiKey = 'test-mandrill-key'): Promise<FakeMandrill> {
  const received: ReceivedRequest[] = [];
  const scripted: FakeMode[] = [];
  const held = new Set<ServerResponse>();
  const state = { mode: 'ok' as FakeMode };
  const hooks: { onHold: (() => void) | null } = { onHold: null };

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/api/1.0/messages/send')
      return send(res, 404, { status: 'error', name: 'Not_Found' });
    let body: { key?: unknown; message?: { to?: { email: string }[] } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 500, { status: 'error', code: -1, name: 'ValidationError', message: 'bad JSON' });
    }
    const mode = scripted.shift() ?? state.mode;
    received.push({ key: body.key, message: body.message, answeredWith: mode });
    if (body.key !== apiKey) {
      return send(res, 500, { status: 'error', code: -1, name: 'Invalid_Key', message: 'Invalid API key' });
    }
    const email = body.message?.to?.[0]?.email ?? '';
    const id = `fake${++sequence}`;
    switch (mode) {
      case 'ok':
        return send(res, 200, [{ email, status: 'sent', _id: id, reject_reason: null }]);
      case 'queued':
        return send(res, 200, [{ email, status: 'queued', _id: id, queued_reason: 'sending-backlogged' }]);
      case 'scheduled':
        return send(res, 200, [{ email, status: 'scheduled', _id: id }]);
      case 'reject':
        return send(res, 200, [{ email, status: 'rejected', _id: id, reject_reason: 'hard-bounce' }]);
      case 'invalid':
        return send(res, 200, [{ email, status: 'invalid', _id: id, reject_reason: null }]);
      case 'http500':
        return send(res, 500, {
          status: 'error',
          code: -1,
          name: 'GeneralError',
          message: 'Something went wrong',
        });
      case 'timeout':
        held.add(res);
        res.on('close', () => held.delete(res));
        hooks.onHold?.();
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/1.0`,
    apiKey,
    received,
    get mode() {
      return state.mode;
    },
    set mode(mode: FakeMode) {
      state.mode = mode;
    },
    script: (...modes) => void scripted.push(...modes),
    get pending() {
      return held.size;
    },
    get onHold() {
      return hooks.onHold;
    },
    set onHold(hook) {
      hooks.onHold = hook;
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
