import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openRaw } from '../helpers/raw-http.js';

/** `src/main.ts` in its own process (through tsx), as `npm start` runs the build of it. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PGLITE_DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: performance.now() })),
  );
  children.push(child);
  return { child, output, exited };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('npm start', () => {
  it('exits 1 on a bad configuration, naming each variable and what it accepts', async () => {
    const { output, exited } = startMain({ PORT: 'abc', LOG_LEVEL: 'loud', CAPTURE_URL: 'capture' });
    expect((await exited).code).toBe(1);
    expect(output.stderr).toContain('PORT: "abc" expects an integer from 0 to 65535');
    expect(output.stderr).toContain('LOG_LEVEL: "loud" expects one of fatal, error, warn');
    expect(output.stderr).toContain('CAPTURE_URL: "capture" expects an absolute http:// or https:// URL');
    expect(output.stdout).not.toContain('listening');
  }, 60_000);

  it('prints where to go and how to sign in, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const { child, output, exited } = startMain({ SEED_DEMO_DATA: 'true' });
    await waitFor(() => /demo orders: .*\n/.test(output.stdout), 50_000);
    const url = /PlanoCore listening on (http:\/\/\S+)/.exec(output.stdout)?.[1] ?? '';
    expect(output.stdout).toContain(`documentation: ${url}/documentation`);
    expect(output.stdout).toContain(`console:       ${url}/console`);
    expect(output.stdout).toContain('database:      embedded PGlite, in memory');
    expect(output.stdout).toContain('password for all: demo-password');
    expect(output.stdout).toMatch(
      /employee@demo\.planocore\.test +user \d+ \(employee, PlanoOrder, admin: \/console\)/,
    );
    expect(output.stdout).toMatch(/demo orders: \d+(, \d+)*; tours: \d+/);
    for (const path of ['/livez', '/readyz', '/healthz']) {
      expect((await fetch(`${url}${path}`)).status).toBe(200);
    }

    // A request in flight when the signal comes: its body arrives after SIGTERM and is still answered.
    const body = Buffer.from(
      Buffer.from(
        JSON.stringify({
          email: 'nobody@example.com',
          password: 'wrong password',
          application: 'planoorder',
        }),
      ).toString('base64'),
    );
    const { socket, reply } = await openRaw(url, 20_000);
    socket.write(
      `POST /api/v1/sessions/create HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, 5));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signaledAt = performance.now();
    child.kill('SIGTERM');
    // Once closing, new connections are refused.
    let refused = false;
    for (let i = 0; i < 200 && !refused; i++) {
      refused = await refusesConnections(url);
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(refused).toBe(true);
    expect(child.exitCode).toBeNull();
    socket.write(body.subarray(5));
    const answer = await reply;
    expect(answer.body).toMatchObject({ status: expect.any(String), session: null });
    expect(answer.http).toBeGreaterThanOrEqual(400);
    expect(answer.http).toBeLessThan(500);

    const exit = await exited;
    expect({
      code: exit.code,
      stderr: output.stderr,
      log: output.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join('\n'),
    }).toEqual({ code: 0, stderr: '', log: '' });
    expect(exit.at - signaledAt).toBeLessThan(10_000);
  }, 90_000);
});
