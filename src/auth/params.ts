import { param, type ParamSpec } from '../protocol/params.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';

export const APPLICATION_SLUGS = ['planoauth', 'planoorder', 'planox2'] as const;
export const SESSION_VIEWS = ['default', 'full'] as const;

/** What our tokens look like (`newToken`), for the docs' request examples; none of them is live. */
export const EXAMPLE_TOKENS = {
  session: 'ps_gfhINy4YtgX3TIHHFbThnKobCQDtVj3hRV2YAM0L4XM',
  application: 'pa_CGvSEC1Jf0dWtPyc4FpkalG3ocE0PKW375vQPt8N1-M',
  handOff: 'px_y6jZLBNCKf_gQJmiXl9T1bG1AOaHZ_CS_DN1YFedwWQ',
  passwordReset: 'pr_k4Fvpo-OPUZmIRHW03z_jlKkECSkWSFK0uuJDKwGbWg',
} as const;

/** The params every signed-in route takes, at the positions the documentation gives them. */
export const commonParams = {
  token: param.string({
    position: 100,
    required: true,
    maxLength: 200,
    example: EXAMPLE_TOKENS.session,
    description: 'Authentication token for either an application or session.',
  }),
  application: param.string({
    position: 200,
    possibleValues: APPLICATION_SLUGS,
    example: 'planoorder',
    description:
      'Slug of application being requested. This is used to determine the role being used to make the request and therefore evaluate if the requester has the correct permissions.',
  }),
  session_view: param.string({
    position: 300,
    possibleValues: SESSION_VIEWS,
    example: 'default',
    description: 'View of session object you would like returned.',
  }),
};

/**
 * `application_view@110`, which the real pages of sign-in, registration and the account routes
 * list: the view of the application object. Replies carry no application object yet, so only
 * `default` exists.
 */
export const applicationViewParam = param.string({
  position: 110,
  possibleValues: ['default'],
  example: 'default',
  description:
    'View of the application object you would like returned. Replies carry no application object yet; only `default` exists.',
});

/**
 * A password the user chooses: the one declaration of its rules, for every route that sets one
 * (required unless `required: false`, as on clients/update where it is one field among many).
 */
export function newPasswordParam(position: number): ParamSpec<string, true>;
export function newPasswordParam(
  position: number,
  o: { required: false; description: string },
): ParamSpec<string, false>;
export function newPasswordParam(
  position: number,
  o: { required?: boolean; description?: string } = {},
): ParamSpec<string> {
  return param.string({
    position,
    required: o.required ?? true,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'correct-horse-battery-staple',
    description: o.description ?? 'The new password.',
  });
}
