/**
 * Params whose values come from a `list_items` collection (`param.listItem`). Validation stays pure:
 * after it, the pipeline asks a ListItemCatalog (implemented in src/list-items/, wired in app.ts) for
 * the active items of the collections the request uses, in one query, and checks the values here.
 */
import type { ParamError } from './errors.js';
import type { ParamMap, ParamSpec } from './params.js';

/** One item of a collection, as validation messages and the docs show it. */
export interface ListItem {
  readonly value: string;
  readonly name: string;
  readonly description: string | null;
  readonly isDefault: boolean;
}

export interface ListItemCatalog {
  /** The active items of each collection named, in display order; collections with none are absent. */
  activeItems(collections: readonly string[]): Promise<ReadonlyMap<string, readonly ListItem[]>>;
}

/** Where list items are documented: one page per collection. */
export function listItemsDocPath(collection: string): string {
  return `/documentation/list_items/${encodeURIComponent(collection)}`;
}

/** Every collection a param map (children and items included) draws values from. */
export function collectionsOf(params: ParamMap): string[] {
  const found = new Set<string>();
  const visit = (spec: ParamSpec) => {
    if (spec.listItems !== undefined) found.add(spec.listItems);
    if (spec.children) for (const child of Object.values(spec.children)) visit(child);
    if (spec.items) visit(spec.items);
  };
  for (const spec of Object.values(params)) visit(spec);
  return [...found];
}

interface ListItemRef {
  readonly path: string;
  readonly collection: string;
  readonly value: string;
}

/** The list-item values present in validated input, each with its dotted path. */
export function listItemRefs(params: ParamMap, input: Record<string, unknown>, prefix = ''): ListItemRef[] {
  const refs: ListItemRef[] = [];
  const visit = (spec: ParamSpec, value: unknown, path: string) => {
    if (value === undefined) return;
    if (spec.listItems !== undefined && typeof value === 'string') {
      refs.push({ path, collection: spec.listItems, value });
    } else if (spec.children && typeof value === 'object' && value !== null) {
      refs.push(...listItemRefs(spec.children, value as Record<string, unknown>, `${path}.`));
    } else if (spec.items && Array.isArray(value)) {
      value.forEach((item, i) => visit(spec.items!, item, `${path}[${i}]`));
    }
  };
  for (const name in params) visit(params[name]!, input[name], prefix + name);
  return refs;
}

/** Checks the present list-item values against the catalog; one query for all of them. */
export async function listItemErrors(
  catalog: ListItemCatalog,
  params: ParamMap,
  input: Record<string, unknown>,
): Promise<ParamError[]> {
  const refs = listItemRefs(params, input);
  if (refs.length === 0) return [];
  const active = await catalog.activeItems([...new Set(refs.map((r) => r.collection))]);
  return refs.flatMap((ref) => {
    const items = active.get(ref.collection) ?? [];
    if (items.some((item) => item.value === ref.value)) return [];
    const values = items.map((item) => item.value).join(', ');
    const message = `${ref.path} must be one of the active items of the ${ref.collection} list${values ? `: ${values}` : ', which has none'}`;
    return [{ param: ref.path, status: 'invalid-param', message }];
  });
}
