import type { MandrillConfig } from '../config.js';

export interface MandrillRecipient {
  readonly email: string;
  readonly name?: string;
  readonly type: 'to' | 'cc';
}

/** The part of Mandrill's `message` object we use (https://mailchimp.com/developer/transactional/api/messages/send-new-message/). */
export interface MandrillMessage {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly from_email: string;
  readonly from_name?: string;
  readonly to: readonly MandrillRecipient[];
  /** Every recipient sees the others (the `cc` ones are copies, not separate emails). */
  readonly preserve_recipients?: boolean;
  readonly tags?: readonly string[];
  /** Comes back on Mandrill's webhooks, so events can be matched to the outbox row. */
  readonly metadata?: Record<string, string>;
}

/**
 * What one send came to, for the one recipient we address:
 * - `accepted`: `sent`, `queued` or `scheduled` (queued is accepted, not failed; `queued_reason` says why).
 * - `rejected`: `rejected` or `invalid`; retrying never helps.
 * - `retryable`: HTTP error, timeout, network failure or an answer we cannot read.
 */
export type SendOutcome =
  | {
      readonly kind: 'accepted';
      readonly mandrillId: string | null;
      readonly status: 'sent' | 'queued' | 'scheduled';
      readonly queuedReason: string | null;
    }
  | {
      readonly kind: 'rejected';
      readonly mandrillId: string | null;
      readonly status: 'rejected' | 'invalid';
      readonly rejectReason: string | null;
    }
  | { readonly kind: 'retryable'; readonly error: string; readonly httpStatus: number | null }
  /** No API key is configured: nothing was sent (retried like `retryable`, once a key is set). */
  | { readonly kind: 'unconfigured' };

interface RecipientResult {
  email?: unknown;
  status?: unknown;
  reject_reason?: unknown;
  queued_reason?: unknown;
  _id?: unknown;
}

const ACCEPTED = new Set(['sent', 'queued', 'scheduled']);
const REJECTED = new Set(['rejected', 'invalid']);

/** Mandrill's `/messages/send` over HTTP. Never throws: every failure becomes a `SendOutcome`. */
export class MandrillClient {
  private readonly endpoint: string;

  constructor(
    private readonly config: Pick<MandrillConfig, 'baseUrl' | 'apiKey' | 'timeoutMs'>,
    private readonly hooks: {
      /** The signal that ends a send after `timeoutMs`; tests fire it by hand instead of by wall time. */
      readonly deadline?: ((ms: number) => AbortSignal) | undefined;
      /** Told of every send's outcome (the metrics count them). */
      readonly onOutcome?: ((outcome: SendOutcome) => void) | undefined;
    } = {},
  ) {
    this.endpoint = `${config.baseUrl.replace(/\/+$/, '')}/messages/send`;
  }

  /** Without a key no request leaves the machine: `send` answers `unconfigured` at once. */
  get configured(): boolean {
    return this.config.apiKey !== '';
  }

  async send(message: MandrillMessage): Promise<SendOutcome> {
    const outcome = await this.attempt(message);
    this.hooks.onOutcome?.(outcome);
    return outcome;
  }

  private async attempt(message: MandrillMessage): Promise<SendOutcome> {
    if (!this.configured) return { kind: 'unconfigured' };
    let response: Response;
    let body: string;
    try {
      // One deadline for the whole exchange, body included: a server that stalls mid-body times out too.
      const signal = (this.hooks.deadline ?? AbortSignal.timeout)(this.config.timeoutMs);
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: this.config.apiKey, message }),
        signal,
      });
      body = await response.text();
    } catch (err) {
      return { kind: 'retryable', error: describeFetchError(err, this.config.timeoutMs), httpStatus: null };
    }
    if (!response.ok) {
      return {
        kind: 'retryable',
        error: `HTTP ${response.status}: ${errorText(body)}`,
        httpStatus: response.status,
      };
    }
    const result = firstResult(body, message.to[0]?.email);
    if (!result) {
      return {
        kind: 'retryable',
        error: `unreadable answer: ${body.slice(0, 200)}`,
        httpStatus: response.status,
      };
    }
    const status = String(result.status);
    const mandrillId = typeof result._id === 'string' ? result._id : null;
    if (ACCEPTED.has(status)) {
      return {
        kind: 'accepted',
        mandrillId,
        status: status as 'sent' | 'queued' | 'scheduled',
        queuedReason: typeof result.queued_reason === 'string' ? result.queued_reason : null,
      };
    }
    if (REJECTED.has(status)) {
      return {
        kind: 'rejected',
        mandrillId,
        status: status as 'rejected' | 'invalid',
        rejectReason: typeof result.reject_reason === 'string' ? result.reject_reason : null,
      };
    }
    return { kind: 'retryable', error: `unknown recipient status ${status}`, httpStatus: response.status };
  }
}

function firstResult(body: string, email: string | undefined): RecipientResult | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const results = parsed.filter((r): r is RecipientResult => typeof r === 'object' && r !== null);
  const wanted = email?.toLowerCase();
  return results.find((r) => typeof r.email === 'string' && r.email.toLowerCase() === wanted) ?? results[0];
}

/** Mandrill's error answer is `{status:"error", code, name, message}`. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { name?: unknown; message?: unknown };
    if (typeof parsed.name === 'string')
      return `${parsed.name}: ${String(parsed.message ?? '')}`.slice(0, 500);
  } catch {
    // not JSON
  }
  return body.slice(0, 500);
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timeout: Mandrill did not answer within ${timeoutMs} ms`;
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `network error: ${err instanceof Error ? err.message : String(err)}${cause}`.slice(0, 500);
}
