/**
 * The one pagination of index routes: declared `page` / `per_page` params, a helper that runs the
 * count and the page of a Kysely query, and the reply part `{ results, pagination }`.
 */
import type { SelectQueryBuilder } from 'kysely';
import { param } from './params.js';
import { field, type FieldSpec } from './reply.js';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

/** `page` at `position`, `per_page` right after it; `noun` names what is listed ("cancelations"). */
export function paginationParams(o: { position: number; noun: string }) {
  return {
    page: param.integer({
      position: o.position,
      min: 1,
      default: 1,
      example: 1,
      description: 'Page number; a page past the last one answers no results.',
    }),
    per_page: param.integer({
      position: o.position + 100,
      min: 1,
      max: MAX_PER_PAGE,
      default: DEFAULT_PER_PAGE,
      example: DEFAULT_PER_PAGE,
      description: `${o.noun[0]!.toUpperCase()}${o.noun.slice(1)} per page.`,
    }),
  };
}

export interface PageInput {
  readonly page: number;
  readonly per_page: number;
}

export interface Pagination {
  readonly page: number;
  readonly per_page: number;
  /** Matching records on every page. */
  readonly total: number;
  /** 0 when nothing matches. */
  readonly total_pages: number;
}

/** What an index route answers in `data`. */
export interface Page<T> {
  readonly results: T[];
  readonly pagination: Pagination;
}

/**
 * Runs the count of `filtered` and one page of `select(filtered)` (which adds the selection and the
 * order; give it a unique tiebreaker so pages never overlap), each row mapped by `view`.
 */
export async function paginate<DB, TB extends keyof DB, O, V = O>(
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a query with nothing selected yet
  filtered: SelectQueryBuilder<DB, TB, {}>,
  input: PageInput,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the same query
  select: (query: SelectQueryBuilder<DB, TB, {}>) => SelectQueryBuilder<DB, TB, O>,
  view: (row: O) => V = (row) => row as unknown as V,
): Promise<Page<V>> {
  const { page, per_page } = input;
  const [counted, rows] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    select(filtered)
      .limit(per_page)
      .offset((page - 1) * per_page)
      .execute(),
  ]);
  // Kysely cannot name the selection of a generic query; the count is this one column.
  const total = Number((counted as { total: number | string }).total);
  return {
    results: rows.map(view),
    pagination: { page, per_page, total, total_pages: Math.ceil(total / per_page) },
  };
}

/** The declared reply of an index route: `results` (each item `item`) and `pagination`. */
export function pageField<const I extends FieldSpec>(item: I) {
  return field.object({
    results: field.list(item, { description: 'This page of results.' }),
    pagination: field.object({
      page: field.integer({ example: 1 }),
      per_page: field.integer({ example: DEFAULT_PER_PAGE }),
      total: field.integer({ example: 1, description: 'Matching records on every page.' }),
      total_pages: field.integer({ example: 1, description: '0 when nothing matches.' }),
    }),
  });
}
