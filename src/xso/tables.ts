import type { ColumnType, Generated } from 'kysely';

export interface XsoTables {
  /**
   * One cross sign-on hand-off: a single-use code letting a target application open a session of
   * a client, on behalf of the user who asked for it. Only the code's SHA-256 is stored.
   */
  xso_grants: {
    id: Generated<number>;
    code_hash: string;
    /** The user who asked for the hand-off (an employee, a liaison, or the client themselves). */
    acting_user_id: number;
    /** The session the hand-off was asked from; the code is void once it has ended. */
    origin_session_id: number;
    client_id: number;
    /** The application allowed to redeem the code (CaptuRE). */
    application_id: number;
    /** The deep link, bound into the grant: at most one of step 1, an order, or a tour (step 2). */
    step_1: boolean;
    order_id: number | null;
    tour_id: number | null;
    /** Where the hand-off was asked from, carried onto the session it opens. */
    ip: string | null;
    user_agent: string | null;
    created_at: ColumnType<Date, Date, never>;
    expires_at: ColumnType<Date, Date, never>;
    redeemed_at: Date | null;
    redeemed_session_id: number | null;
  };
}
