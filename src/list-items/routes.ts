import { permissionDenied } from '../access/visibility.js';
import { applicationViewParam, commonParams } from '../auth/params.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { listItemField, listItemView } from './records.js';
import { CLEARABLE_LIST_ITEM_FIELDS, updateListItem } from './update.js';

const LIST_ITEM_VIEWS = ['default'] as const;

/** The real page (catalogue row 18): params and positions as documented. */
export const updateListItemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/list_items/update',
  title: 'Update List Item',
  purpose:
    'Updates one item of a named collection (`property_type`, …): its name, value, description, notes, whether it is active and whether it is the default of its collection (setting `default` makes it the only one). Params whose values come from the collection follow at once: an inactive item is refused. Employees only; every change is kept in the audit trail.',
  service: 'list_items',
  auth: { kind: 'roles', roles: ['employee'] },
  params: {
    ...commonParams,
    application_view: applicationViewParam,
    id: param.string({
      position: 400,
      required: true,
      format: 'id',
      example: '3',
      description: 'Id of the list item.',
    }),
    view: param.string({
      position: 500,
      possibleValues: LIST_ITEM_VIEWS,
      example: 'default',
      description: 'View of the list item returned.',
    }),
    name: param.string({
      position: 1200,
      minLength: 1,
      maxLength: 200,
      example: 'Duplex / Townhouse',
      description: 'What forms show.',
    }),
    value: param.string({
      position: 1300,
      minLength: 1,
      maxLength: 200,
      example: 'duplex_townhouse',
      description:
        'What params of this collection take; unique within the collection. Records that hold the old value keep it.',
    }),
    description: param.string({
      position: 1400,
      maxLength: 1000,
      example: 'Two attached units, each with its own entrance.',
      description: 'Longer text shown with the item.',
    }),
    notes: param.string({
      position: 1500,
      maxLength: 5000,
      example: 'Asked for by the Denver office.',
      description: 'Internal notes; employees only.',
    }),
    active: param.boolean({
      position: 1600,
      example: true,
      description: 'false retires the item: params refuse it from now on (records that hold it keep it).',
    }),
    default: param.boolean({
      position: 1700,
      example: true,
      description: 'true makes it the only default of its collection; it must be active.',
    }),
    external_id: param.string({
      position: 1800,
      maxLength: 200,
      example: '1294835',
      description: 'Its id in another system (e.g. Glip team ids in `glip_team`).',
    }),
    item_type: param.string({
      position: 1900,
      maxLength: 200,
      example: 'Service',
      description: 'The model the item applies to.',
    }),
    clear: param.array({
      position: 2000,
      items: param.string({ position: 0, possibleValues: CLEARABLE_LIST_ITEM_FIELDS }),
      maxItems: CLEARABLE_LIST_ITEM_FIELDS.length,
      example: ['external_id'],
      description: 'Fields to empty (an empty value of a param means "unchanged").',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    list_item: listItemField,
    changed: field.list(field.string({ example: 'default' }), {
      description: 'The fields this update changed (empty when it changed nothing).',
    }),
  }),
  handler: async (input, ctx) => {
    const { item, changed } = await updateListItem(
      ctx.db,
      ctx.auth,
      Number(input.id),
      input,
      ctx.clock.now(),
    );
    return { list_item: listItemView(item, ctx.auth), changed };
  },
});

export const listListItemsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/list_items/list',
  title: 'List List Items',
  purpose:
    'Lists the items of one collection in display order, active ones only unless an employee asks for all (`data.results`, `data.pagination`). The same items are documented at `/documentation/list_items/<collection>`.',
  service: 'list_items',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    application_view: applicationViewParam,
    collection: param.string({
      position: 400,
      required: true,
      maxLength: 100,
      example: 'property_type',
      description: 'The collection.',
    }),
    include_inactive: param.boolean({
      position: 500,
      example: false,
      description: 'true: retired items too (employees only).',
    }),
    ...paginationParams({ position: 600, noun: 'list items' }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: pageField(listItemField),
  handler: async (input, ctx) => {
    if (input.include_inactive && ctx.auth.kind !== 'employee') {
      throw permissionDenied('include_inactive', 'only an employee may list retired items');
    }
    const filtered = ctx.db
      .selectFrom('list_items')
      .where('collection', '=', input.collection)
      .$if(!input.include_inactive, (q) => q.where('active', '=', true));
    return paginate(
      filtered,
      input,
      (q) => q.selectAll().orderBy('position').orderBy('name').orderBy('id'),
      (row) => listItemView(row, ctx.auth),
    );
  },
});

export const listItemRoutes = [updateListItemRoute, listListItemsRoute];
