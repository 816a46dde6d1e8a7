import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { applicationParam } from './applications.js';
import { createSession, findFullSessionById } from './session-store.js';
import { renderSession, type SessionView } from './session-views.js';

export interface SignInTarget {
  readonly userId: number;
  readonly applicationSlug: string;
  readonly rememberMe: boolean;
  readonly view: SessionView;
  readonly now: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly redirectUrl?: string | null;
  readonly actingUserId?: number | null;
  readonly originSessionId?: number | null;
}

/** Opens a session in an application and renders it, token included (the one time it is shown). */
export async function openSession(db: Kysely<Database>, target: SignInTarget) {
  const app = await applicationParam(db, target.applicationSlug);
  const { id, token } = await createSession(db, {
    userId: target.userId,
    applicationId: app.id,
    rememberMe: target.rememberMe,
    now: target.now,
    ip: target.ip,
    userAgent: target.userAgent,
    redirectUrl: target.redirectUrl ?? null,
    actingUserId: target.actingUserId ?? null,
    originSessionId: target.originSessionId ?? null,
  });
  const record = (await findFullSessionById(db, id))!;
  return { record, token, payload: renderSession(record, target.view, token) };
}

export function hasAnyRole(r: {
  client_id: number | null;
  employee_id: number | null;
  liaison_id: number | null;
}) {
  return r.client_id !== null || r.employee_id !== null || r.liaison_id !== null;
}

export function userAgentOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const ua = headers['user-agent'];
  return typeof ua === 'string' ? ua : null;
}
