import type { ProtocolTables } from '../http/tables.js';

/**
 * The whole database as Kysely sees it. Each capability declares its own tables beside its code;
 * this interface only joins them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- each capability adds its tables through `extends`
export interface Database extends ProtocolTables {}
