import { param } from '../protocol/params.js';
import { CANCELABLE_TYPES } from './tables.js';

const types = CANCELABLE_TYPES.join(', ');
const employeesOnly = ' Only employees may set it; others get the default.';

/** Descriptions of the cancelation params, shared by every cancelation route that takes them. */
export const PARAM_DOCS = {
  id: 'Id of the cancelation.',
  cancelable_type: `Type of the canceled record: ${types}.`,
  cancelable_id: 'Id of the canceled record; it must exist.',
  key: 'Client-supplied unique key making the create idempotent: a retry with the same key and params returns the original cancelation; the same key with other params answers cancelation-key-conflict.',
  reason_id:
    'Id of the cancelation reason (see cancelation_reasons/list); it must apply to the record’s type.',
  reason_slug: 'Slug of the cancelation reason, instead of (or matching) reason_id.',
  reason_text: 'Why it was canceled, as shown to the client; defaults to the chosen reason’s text.',
  reason_note: 'Free-text note about the cancelation.',
  canceled_at: `When it was canceled; defaults to now.${employeesOnly}`,
  canceled_by:
    'Who canceled it: a user id or the email address of an existing user; defaults to the signed-in user. Replies give the user id.' +
    employeesOnly,
  canceled_in:
    'Slug of the application it was canceled in (planoauth, planoorder, planox2); defaults to the request’s application.' +
    employeesOnly,
  reinstated_at: `When it was reinstated; defaults to now.${employeesOnly}`,
  reinstated_by:
    'Who reinstated it: a user id or the email address of an existing user; defaults to the signed-in user.' +
    employeesOnly,
  reinstated_note: 'Why it was reinstated.',
  active: 'True while the cancelation stands. Passing false reinstates it (employees only).',
} as const;

/** Longest accepted text per param (the seed page gives none; these keep rows and emails sane). */
const MAX_LENGTH = {
  key: 255,
  reason_slug: 100,
  reason_text: 1_000,
  note: 5_000,
  /** A user id or an email address (RFC 5321 allows 320 characters in all). */
  user_ref: 320,
  canceled_in: 100,
} as const;

/** The idempotency key of a create (and, unchangeable, of an update). */
export const keyParam = (description: string) =>
  param.string({
    position: 400,
    maxLength: MAX_LENGTH.key,
    example: 'cancel-order-1042-2026-01-05',
    description,
  });

/** The reason and the who, when and where of a cancel, at the seed's positions: create and update take them alike. */
export const CANCEL_FIELD_PARAMS = {
  reason_id: param.integer({ position: 500, example: 3, description: PARAM_DOCS.reason_id }),
  reason_slug: param.string({
    position: 600,
    maxLength: MAX_LENGTH.reason_slug,
    example: 'client-request',
    description: PARAM_DOCS.reason_slug,
  }),
  reason_text: param.string({
    position: 700,
    maxLength: MAX_LENGTH.reason_text,
    example: 'The client asked to cancel.',
    description: PARAM_DOCS.reason_text,
  }),
  reason_note: param.string({
    position: 800,
    maxLength: MAX_LENGTH.note,
    example: 'Seller took the listing off the market; will reorder in spring.',
    description: PARAM_DOCS.reason_note,
  }),
  canceled_at: param.datetime({
    position: 900,
    shownAs: 'string',
    notInFuture: true,
    example: '2026-01-02T09:30:00-07:00',
    description: PARAM_DOCS.canceled_at,
  }),
  canceled_by: param.string({
    position: 1000,
    maxLength: MAX_LENGTH.user_ref,
    example: 'erin.employee@planomatic.example',
    description: PARAM_DOCS.canceled_by,
  }),
  canceled_in: param.string({
    position: 1100,
    maxLength: MAX_LENGTH.canceled_in,
    example: 'planoorder',
    description: PARAM_DOCS.canceled_in,
  }),
};

/** Who reinstated a cancelation, when and why: reinstate and update take them alike. */
export const REINSTATE_FIELD_PARAMS = {
  reinstated_at: param.datetime({
    position: 1200,
    shownAs: 'string',
    notInFuture: true,
    example: '2026-01-03T16:00:00Z',
    description: PARAM_DOCS.reinstated_at,
  }),
  reinstated_by: param.string({
    position: 1300,
    maxLength: MAX_LENGTH.user_ref,
    example: 'erin.employee@planomatic.example',
    description: PARAM_DOCS.reinstated_by,
  }),
  reinstated_note: param.string({
    position: 1400,
    maxLength: MAX_LENGTH.note,
    example: 'Canceled by mistake; the shoot goes ahead.',
    description: PARAM_DOCS.reinstated_note,
  }),
};
