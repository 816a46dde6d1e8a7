/** The `view` values of the real clients/update and companies/update pages (catalogue rows 7 and 8). */
export const RECORD_VIEWS = [
  'default',
  'client_read',
  'planox_client_read_profile',
  'planox_client_read_tours',
  'planox_client_read_branding',
  'planox_client_read_preferences',
  'contract_type_view',
] as const;
export type RecordView = (typeof RECORD_VIEWS)[number];
