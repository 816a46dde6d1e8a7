import { issueApplicationToken } from '../../src/auth/applications.js';
import { encodeSensitive, type CallResult, type TestServer } from './server.js';

export const CAPTURE_URL = 'https://capture.test/xso/landing';

export function captureClient(
  server: TestServer,
  token: string,
  params: Record<string, string | number | boolean> = {},
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const query = Object.fromEntries(Object.entries({ token, ...params }).map(([k, v]) => [k, String(v)]));
  return server.call('GET', '/api/v1/xso/capture_client', { query, headers });
}

/** The hand-off code in a landing URL's fragment. */
export function codeOf(location: string): string {
  const code = new URLSearchParams(new URL(location).hash.slice(1)).get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

/** Asks for a hand-off and returns its code; fails the test if none was issued. */
export async function handOff(
  server: TestServer,
  token: string,
  params: Record<string, string | number | boolean>,
): Promise<string> {
  const res = await captureClient(server, token, params);
  if (res.http !== 302) throw new Error(`capture_client failed: ${JSON.stringify(res.body)}`);
  return codeOf(res.headers.get('location')!);
}

export function redeem(
  server: TestServer,
  appToken: string,
  code: string,
  extra: Record<string, unknown> = {},
): Promise<CallResult> {
  return server.call('POST', '/api/v1/xso/redeem', {
    body: encodeSensitive({ token: appToken, code, ...extra }),
    contentType: 'text/plain',
  });
}

export function captureToken(server: TestServer): Promise<string> {
  return issueApplicationToken(server.app.context.db, 'capture');
}
