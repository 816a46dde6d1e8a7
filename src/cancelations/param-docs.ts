import { param } from '../protocol/params.js';
import { MAX_LENGTHS } from './inputs.js';
import { CANCELABLE_TYPES } from './tables.js';

const types = CANCELABLE_TYPES.join(', ');
const max = (name: keyof typeof MAX_LENGTHS) => ` At most ${MAX_LENGTHS[name]} characters.`;
const employeesOnly = ' Only employees may set it; others get the default.';
const iso = 'ISO 8601 timestamp with an offset, e.g. 2026-01-05T12:00:00Z; not in the future.';

/** Descriptions of the cancelation params, shared by every cancelation route that takes them. */
export const PARAM_DOCS = {
  id: 'Id of the cancelation.',
  cancelable_type: `Type of the canceled record: ${types}.`,
  cancelable_id: 'Id of the canceled record; it must exist.',
  key:
    'Client-supplied unique key making the create idempotent: a retry with the same key and params returns the original cancelation; the same key with other params answers cancelation-key-conflict.' +
    max('key'),
  reason_id:
    'Id of the cancelation reason (see cancelation_reasons/list); it must apply to the record’s type.',
  reason_slug: 'Slug of the cancelation reason, instead of (or matching) reason_id.' + max('reason_slug'),
  reason_text:
    'Why it was canceled, as shown to the client; defaults to the chosen reason’s text.' + max('reason_text'),
  reason_note: 'Free-text note about the cancelation.' + max('reason_note'),
  canceled_at: `When it was canceled; defaults to now. ${iso}${employeesOnly}`,
  canceled_by:
    'Who canceled it: a user id or the email address of an existing user; defaults to the signed-in user. Replies give the user id.' +
    employeesOnly,
  canceled_in:
    'Slug of the application it was canceled in (planoauth, planoorder, planox2); defaults to the request’s application.' +
    employeesOnly,
  reinstated_at: `When it was reinstated; defaults to now. ${iso}${employeesOnly}`,
  reinstated_by:
    'Who reinstated it: a user id or the email address of an existing user; defaults to the signed-in user.' +
    employeesOnly,
  reinstated_note: 'Why it was reinstated.' + max('reinstated_note'),
  active: 'True while the cancelation stands. Passing false reinstates it (employees only).',
} as const;

/** The reason and the who, when and where of a cancel, at the seed's positions: create and update take them alike. */
export const CANCEL_FIELD_PARAMS = {
  reason_id: param.integer({ position: 500, description: PARAM_DOCS.reason_id }),
  reason_slug: param.string({ position: 600, description: PARAM_DOCS.reason_slug }),
  reason_text: param.string({ position: 700, description: PARAM_DOCS.reason_text }),
  reason_note: param.string({ position: 800, description: PARAM_DOCS.reason_note }),
  canceled_at: param.string({ position: 900, description: PARAM_DOCS.canceled_at }),
  canceled_by: param.string({ position: 1000, description: PARAM_DOCS.canceled_by }),
  canceled_in: param.string({ position: 1100, description: PARAM_DOCS.canceled_in }),
};
