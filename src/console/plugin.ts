import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSP, CONSOLE_CSS, CONSOLE_SCRIPT } from './assets.js';

/**
 * The operations console's one page: a sign-in form and the tabs' frame. The script signs in with
 * `sessions/create` (an employee holding the `admin` permission), keeps the token in
 * sessionStorage and fills each tab from the JSON API (notifications, email outbox, route and
 * service switches, cancelation reasons). Nothing is loaded from elsewhere.
 */
const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>PlanoCore console</title>
<style>${CONSOLE_CSS}</style>
</head>
<body>
<header>
  <span class="brand">PlanoCore console</span>
  <nav id="tabs" aria-label="Console tabs">
    <a href="#notifications" data-tab="notifications">Production notifications</a>
    <a href="#email" data-tab="email">Email</a>
    <a href="#routes" data-tab="routes">Routes</a>
    <a href="#reasons" data-tab="reasons">Cancelation reasons</a>
    <a href="#audit" data-tab="audit">Audit trail</a>
  </nav>
  <span class="who"><span id="who"></span> <button type="button" id="sign-out">Sign out</button></span>
</header>
<section id="signin" hidden>
  <form class="signin" id="signin-form">
    <h1>Sign in</h1>
    <p class="muted">An employee holding the admin permission, as in PlanoOrder.</p>
    <label>Email <input name="email" type="email" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">Sign in</button>
    <p id="signin-error" class="error" role="alert"></p>
  </form>
</section>
<main id="app" hidden>
  <p id="flash" role="status"></p>
  <div id="view"></div>
</main>
<noscript><p>The console needs JavaScript; the same actions are API routes (see /documentation).</p></noscript>
<script>${CONSOLE_SCRIPT}</script>
</body>
</html>
`;

/** `GET /console`: the page (the API routes it calls check who may do what). */
export function consolePlugin() {
  return (app: FastifyInstance) => {
    app.get('/console', async (_request, reply) =>
      reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', CONSOLE_CSP)
        .send(CONSOLE_PAGE),
    );
  };
}
