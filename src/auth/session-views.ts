import { expiryOf } from './session-policy.js';
import type { SessionRecord } from '../protocol/auth-state.js';
import { field, type ValueOfField } from '../protocol/reply.js';

export type SessionView = 'default' | 'full';

/** The record itself lives beside the callers that carry it (protocol/auth-state.ts). */
export type { SessionRecord };

/** The user's name and email, and the acting user's when someone acts on the user's behalf (XSO). */
export interface SessionPeople {
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly acting_email: string | null;
  readonly acting_first_name: string | null;
  readonly acting_last_name: string | null;
}

export type FullSessionRecord = SessionRecord & SessionPeople;

const personField = {
  email: field.string({ nullable: true, example: 'client@demo.planocore.test' }),
  first_name: field.string({ nullable: true, example: 'Dana' }),
  last_name: field.string({ nullable: true, example: 'Whitfield' }),
};

/** Who acts on the user's behalf (`actingUserOf`), or null. */
export const actingUserField = field.object(
  { id: field.integer({ example: 7 }), ...personField },
  { nullable: true, description: 'Who acts on the user’s behalf (XSO), or null.' },
);

/** The role records a user holds (null: not that role). */
export const rolesField = field.object({
  client_id: field.integer({ nullable: true, example: 311 }),
  employee_id: field.integer({ nullable: true, example: null }),
  liaison_id: field.integer({ nullable: true, example: null }),
});

/** When a session began, was last used and ends: in the envelope's session and in sessions/list. */
export const sessionTimesFields = {
  created_at: field.datetime(),
  last_used_at: field.datetime(),
  expires_at: field.datetime({ nullable: true, description: 'null for remember-me sessions.' }),
  idle_expires_at: field.datetime({ nullable: true }),
};

/**
 * The envelope's `session` object (`renderSession`): the fields of the default view, and, marked
 * optional, those the full view (`session_view=full`) adds.
 */
export const sessionField = field.object({
  id: field.integer({ example: 512 }),
  token: field.string({
    optional: true,
    example: 'ps_gfhINy4YtgX3TIHHFbThnKobCQDtVj3hRV2YAM0L4XM',
    description: 'Only in the reply that created the session.',
  }),
  user_id: field.integer({ example: 42 }),
  application: field.string({ example: 'planoauth' }),
  role: field.string({ possibleValues: ['client', 'employee', 'liaison'], example: 'client' }),
  remember_me: field.boolean({ example: false }),
  acting_user_id: field.integer({
    nullable: true,
    example: null,
    description: 'Who acts for the user (XSO).',
  }),
  ...sessionTimesFields,
  redirect_url: field.string({ optional: true, nullable: true, example: null, description: 'Full view.' }),
  user: field.object(
    {
      id: field.integer({ example: 42 }),
      email: field.string({ example: 'client@demo.planocore.test' }),
      first_name: field.string({ example: 'Dana' }),
      last_name: field.string({ example: 'Whitfield' }),
    },
    { optional: true, description: 'Full view.' },
  ),
  acting_user: {
    ...actingUserField,
    optional: true,
    description: 'Full view: who acts for the user (XSO), or null.',
  },
  origin_session_id: field.integer({
    optional: true,
    nullable: true,
    example: null,
    description: 'Full view.',
  }),
  roles: { ...rolesField, optional: true, description: 'Full view: every role record the user holds.' },
});

export type SessionPayload = ValueOfField<typeof sessionField>;

/**
 * The envelope's `session` object. The token appears only in the reply that created the session.
 * Built without `{ ...base, more }` spreads: it runs on every authenticated request.
 */
export function renderSession(s: SessionRecord, view: 'default', token?: string): SessionPayload;
export function renderSession(s: FullSessionRecord, view: SessionView, token?: string): SessionPayload;
export function renderSession(
  s: SessionRecord | FullSessionRecord,
  view: SessionView,
  token?: string,
): SessionPayload {
  const { expires_at, idle_expires_at } = expiryOf(s);
  const base: Record<string, unknown> = { id: s.id };
  if (token) base.token = token;
  base.user_id = s.user_id;
  base.application = s.application_slug;
  base.role = s.role;
  base.remember_me = s.remember_me;
  base.acting_user_id = s.acting_user_id;
  base.created_at = s.created_at.toISOString();
  base.last_used_at = s.last_used_at.toISOString();
  base.expires_at = expires_at?.toISOString() ?? null;
  base.idle_expires_at = idle_expires_at?.toISOString() ?? null;
  // Built as a record, not a literal (see above); the fields are sessionField's.
  if (view === 'default') return base as SessionPayload;
  const full = s as FullSessionRecord;
  base.redirect_url = s.redirect_url;
  base.user = { id: s.user_id, email: full.email, first_name: full.first_name, last_name: full.last_name };
  base.acting_user = actingUserOf(full);
  base.origin_session_id = s.origin_session_id;
  base.roles = { client_id: s.client_id, employee_id: s.employee_id, liaison_id: s.liaison_id };
  return base as SessionPayload;
}

const defaultViews = new WeakMap<SessionRecord, SessionPayload>();

/**
 * Fast path: the default view of a session record the session cache holds, rendered once per
 * record and shared (frozen) by every request that record authenticates. A cached record is never
 * changed in place (a touch or a change makes a new one), so its view cannot go stale. Four
 * `toISOString` calls and the object a request: about 0.04 of bench (b)'s 2.9 units of CPU on
 * PostgreSQL, measured in its profile (README, Benchmarks).
 */
export function defaultViewOf(cached: SessionRecord): SessionPayload {
  let view = defaultViews.get(cached);
  if (!view) {
    view = Object.freeze(renderSession(cached, 'default'));
    defaultViews.set(cached, view);
  }
  return view;
}

/** Who acts on the user's behalf (XSO), or null when the user acts for themselves. */
export function actingUserOf(s: FullSessionRecord) {
  if (s.acting_user_id === null) return null;
  return {
    id: s.acting_user_id,
    email: s.acting_email,
    first_name: s.acting_first_name,
    last_name: s.acting_last_name,
  };
}
