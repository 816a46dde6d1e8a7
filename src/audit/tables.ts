import type { ColumnType, Generated } from 'kysely';

/**
 * The kinds of record the trail follows. The table accepts any lowercase name; this list keeps the
 * code's spelling one (add a kind here when a capability starts recording its changes).
 */
export const AUDITED_ENTITIES = [
  'order',
  'tour',
  'appointment',
  'line_item',
  'client',
  'company',
  'list_item',
  'api_route',
  'api_service',
  'application',
  'email',
  'cancelation_reason',
  /** The statuses in which clients may cancel: one settings record, entity id 0. */
  'cancelable_statuses',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'cancel',
  'reinstate',
  'deploy',
  'undeploy',
  'issue_token',
  'resend',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string | null, never>;

export interface AuditTables {
  /** Append-only (the database refuses updates, deletes and truncation). */
  audit_events: {
    id: Generated<number>;
    entity_type: AuditedEntity;
    entity_id: number;
    action: AuditAction;
    /** The signed-in user who made the change; null for an application's own token. */
    actor_user_id: number | null;
    /** Set when someone acted on the actor's behalf (XSO). */
    acting_user_id: number | null;
    /** The slug of the application the change was made through. */
    application: string | null;
    occurred_at: Date;
    /** The record's fields before the change (null for a create) and after (null for a delete). */
    before: Json;
    after: Json;
  };
}
