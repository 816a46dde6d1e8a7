import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MandrillClient } from '../../src/email/mandrill-client.js';
import { startFakeMandrill, type FakeMandrill } from '../helpers/fake-mandrill.js';

let fake: FakeMandrill;
beforeAll(async () => {
  fake = await startFakeMandrill();
});
afterAll(async () => fake?.close());

const message = {
  subject: 'Hello',
  html: '<p>Hello</p>',
  text: 'Hello',
  from_email: 'no-reply@planomedia.example',
  to: [{ email: 'someone@example.com', type: 'to' as const }],
};

describe('MandrillClient’s own deadline (a wall-clock timer, as in production)', () => {
  it('abandons a send the server never answers once MANDRILL_TIMEOUT_MS has passed', async () => {
    fake.mode = 'timeout';
    const client = new MandrillClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 500 });
    // 500 ms, not less: on a loaded machine the request must reach the fake before the timer ends.
    const started = performance.now();
    const outcome = await client.send(message);
    // A held request cannot be answered early, so the only way out is the timer.
    expect(performance.now() - started).toBeGreaterThanOrEqual(495);
    expect(outcome).toEqual({
      kind: 'retryable',
      error: 'timeout: Mandrill did not answer within 500 ms',
      httpStatus: null,
    });
    expect(fake.received.map((r) => r.answeredWith)).toEqual(['timeout']);
  });
});
