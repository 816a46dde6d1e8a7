/** Subjects and bodies of the emails PlanoCore sends. Every interpolated value is escaped for HTML. */
export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(paragraphs: readonly string[]): string {
  return `<!doctype html><html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
}

function greeting(name: string | null | undefined): string {
  return name?.trim() ? `Hi ${name.trim()},` : 'Hi,';
}

export function renderWelcome(input: { firstName?: string | null }): RenderedEmail {
  const hello = greeting(input.firstName);
  const lines = [
    'Welcome to Plano Media: your client account is ready.',
    'Sign in to PlanoAuth any time to order photos, video and floor plans and to follow your orders.',
  ];
  return {
    subject: 'Welcome to Plano Media',
    html: page([escapeHtml(hello), ...lines.map(escapeHtml)]),
    text: [hello, '', ...lines].join('\n'),
  };
}

export function renderCancelationNotice(input: {
  firstName?: string | null;
  /** What was canceled, as the client knows it: "Order #12 at 1 Main St". */
  description: string;
  reasonText?: string | null;
  canceledAt: Date;
}): RenderedEmail {
  const hello = greeting(input.firstName);
  const when = input.canceledAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const lines = [
    `${input.description} was canceled on ${when}.`,
    ...(input.reasonText?.trim() ? [`Reason: ${input.reasonText.trim()}`] : []),
    'If this is a mistake, reply to this email and we will reinstate it.',
  ];
  return {
    subject: `Canceled: ${input.description}`,
    html: page([escapeHtml(hello), ...lines.map(escapeHtml)]),
    text: [hello, '', ...lines].join('\n'),
  };
}

export function renderOrderDelivered(input: {
  firstName?: string | null;
  /** The order as the client knows it: "Order #12 at 1 Main St". */
  description: string;
}): RenderedEmail {
  const hello = greeting(input.firstName);
  const lines = [
    `${input.description}: your photos and media are delivered.`,
    'Sign in to PlanoAuth to view and download them.',
  ];
  return {
    subject: `Delivered: ${input.description}`,
    html: page([escapeHtml(hello), ...lines.map(escapeHtml)]),
    text: [hello, '', ...lines].join('\n'),
  };
}

export function renderPasswordReset(input: {
  firstName?: string | null;
  link: string;
  expiresInMinutes: number;
}): RenderedEmail {
  const hello = greeting(input.firstName);
  const intro = 'Someone (hopefully you) asked to reset the password of your Plano Media account.';
  const action = `Choose a new password here (the link works once, for ${input.expiresInMinutes} minutes):`;
  const ignore = 'If you did not ask for this, ignore this email: your password stays as it is.';
  const href = escapeHtml(input.link);
  return {
    subject: 'Reset your Plano Media password',
    html: page([
      escapeHtml(hello),
      escapeHtml(intro),
      `${escapeHtml(action)} <a href="${href}">${href}</a>`,
      escapeHtml(ignore),
    ]),
    text: [hello, '', intro, action, input.link, '', ignore].join('\n'),
  };
}
