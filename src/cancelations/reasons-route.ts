import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { reasonField, reasonView } from './reasons.js';
import { CANCELABLE_TYPES } from './tables.js';

export const listCancelationReasons = defineRoute({
  method: 'GET',
  path: '/api/v1/cancelation_reasons/list',
  title: 'List Cancelation Reasons',
  purpose:
    'Lists the reasons a cancelation can give (id, slug, text, the record types each applies to), for a cancel form to offer.',
  service: 'cancelations',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    cancelable_type: param.string({
      position: 400,
      possibleValues: CANCELABLE_TYPES,
      example: 'appointment',
      description: 'Only the reasons that apply to this type of record.',
    }),
    include_inactive: param.boolean({
      position: 500,
      example: false,
      description: 'Pass true to include retired reasons (which existing cancelations may still name).',
    }),
  },
  statuses: ['role-required'],
  reply: field.object({ cancelation_reasons: field.list(reasonField) }),
  handler: async (input, ctx) => {
    const reasons = await ctx.db
      .selectFrom('cancelation_reasons')
      .selectAll()
      .$if(input.cancelable_type !== undefined, (q) =>
        q.where((eb) => eb(eb.val(input.cancelable_type!), '=', eb.fn.any('applicable_types'))),
      )
      .$if(!input.include_inactive, (q) => q.where('active', '=', true))
      .orderBy('slug')
      .execute();
    return { cancelation_reasons: reasons.map(reasonView) };
  },
});
