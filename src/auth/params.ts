import { param } from '../protocol/params.js';

export const APPLICATION_SLUGS = ['planoauth', 'planoorder', 'planox2'] as const;
export const SESSION_VIEWS = ['default', 'full'] as const;

/** The params every signed-in route takes, at the positions the documentation gives them. */
export const commonParams = {
  token: param.string({
    position: 100,
    required: true,
    maxLength: 200,
    description: 'Authentication token for either an application or session.',
  }),
  application: param.string({
    position: 200,
    possibleValues: APPLICATION_SLUGS,
    description:
      'Slug of application being requested. This is used to determine the role being used to make the request and therefore evaluate if the requester has the correct permissions.',
  }),
  session_view: param.string({
    position: 300,
    possibleValues: SESSION_VIEWS,
    description: 'View of session object you would like returned.',
  }),
};
