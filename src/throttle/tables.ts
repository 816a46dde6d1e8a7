/** Attempt counters shared by every server process (see src/throttle/store.ts). */
export interface ThrottleTables {
  throttle_counters: {
    key: string;
    window_started_at: Date;
    count: number;
    last_hit_at: Date;
    /** When the window ends; the purge job deletes the row after that. */
    expires_at: Date;
  };
}
