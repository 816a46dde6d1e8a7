import { connect, type Socket } from 'node:net';

export interface RawReply {
  /** `HTTP/1.1 400 Bad Request` */
  readonly statusLine: string;
  readonly http: number;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the envelope holds
  readonly body: any;
  /** When the server closed the connection, in ms after it opened (null: it stayed open). */
  readonly closedAfterMs: number | null;
}

export interface RawExchange {
  readonly socket: Socket;
  /** Resolves once a whole response (by its content-length) arrived, the server closed, or after `waitMs`. */
  readonly reply: Promise<RawReply>;
}

/**
 * Opens a TCP connection to a server's `http://host:port` address, for requests `fetch` cannot
 * send: malformed HTTP, bytes dripped slowly. Write to `socket`; `reply` parses what came back.
 */
export function openRaw(url: string, waitMs = 15_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const opened = performance.now();
    const chunks: Buffer[] = [];
    const reply = new Promise<RawReply>((done) => {
      let closedAfterMs: number | null = null;
      const finish = () => {
        clearTimeout(timer);
        done(parseReply(Buffer.concat(chunks).toString('utf8'), closedAfterMs));
      };
      const timer = setTimeout(() => {
        socket.destroy();
        finish();
      }, waitMs);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (isComplete(Buffer.concat(chunks).toString('utf8'))) finish();
      });
      socket.on('close', () => {
        closedAfterMs = performance.now() - opened;
        finish();
      });
    });
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, reply }));
    socket.once('error', reject);
  });
}

/** Sends `text` at once and waits for the server to answer and close. */
export async function rawRequest(url: string, text: string): Promise<RawReply> {
  const { socket, reply } = await openRaw(url, 5_000);
  socket.write(text);
  const result = await reply;
  socket.destroy();
  return result;
}

function isComplete(text: string): boolean {
  const split = text.indexOf('\r\n\r\n');
  if (split === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split));
  return length !== null && Buffer.byteLength(text.slice(split + 4)) >= Number(length[1]);
}

function parseReply(text: string, closedAfterMs: number | null): RawReply {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rawBody = split === -1 ? '' : text.slice(split + 4);
  let body: unknown = rawBody;
  try {
    body = JSON.parse(rawBody);
  } catch {
    // not JSON
  }
  return { statusLine, http: Number(statusLine.split(' ')[1] ?? 0), headers, body, closedAfterMs };
}
