import { createHash } from 'node:crypto';

/**
 * The operations console's only style and script, inlined in its one page. As on the
 * documentation pages, the Content-Security-Policy allows exactly these two by hash; the script
 * talks only to this server's API (`connect-src 'self'`) and builds every text node with
 * `textContent`, so nothing an email or a notification says can run.
 */
export const CONSOLE_CSS = String.raw`
:root{--bg:#fff;--fg:#1b1f24;--muted:#5b6572;--line:#e3e7ec;--soft:#f5f7f9;--accent:#0b62c4;--ok:#0a7d4f;
--off:#9a3412;--bad:#b42318;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--fg:#e6e9ed;--muted:#9aa4b1;--line:#2a323c;
--soft:#171e26;--accent:#6cb0ff;--ok:#4cc38a;--off:#ffab70;--bad:#ff8a80}}
*{box-sizing:border-box}[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
Arial,sans-serif}
header{border-bottom:1px solid var(--line);padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;
flex-wrap:wrap}
header .brand{font-weight:650}header .who{margin-left:auto;color:var(--muted);font-size:.9rem}
nav{display:flex;gap:.25rem;flex-wrap:wrap}
nav a{padding:.3rem .7rem;border-radius:6px;color:var(--fg);text-decoration:none}
nav a[aria-current=page]{background:var(--soft);font-weight:600}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.4rem 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
a{color:var(--accent)}
table{width:100%;border-collapse:collapse;font-size:.92rem;margin:.4rem 0 1rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
td.mono,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;overflow-wrap:anywhere}
button{font:inherit;padding:.25rem .7rem;border:1px solid var(--line);border-radius:6px;background:var(--soft);
color:var(--fg);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button:disabled{opacity:.5;cursor:default}
input,select{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);
color:var(--fg)}
form.signin{max-width:22rem;margin:3rem auto;display:grid;gap:.6rem}
form.signin label,form.inline label{display:grid;gap:.2rem;font-size:.9rem;color:var(--muted)}
form.inline{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end;margin:.5rem 0 1rem}
.state{font-size:.78rem;font-weight:600;border:1px solid currentColor;border-radius:999px;padding:0 .5rem;
white-space:nowrap}
.state-on{color:var(--ok)}.state-off{color:var(--off)}
.sev-error,.sev-critical{color:var(--bad);font-weight:600}.sev-warning{color:var(--off)}
.error{color:var(--bad)}.muted{color:var(--muted)}
#flash{min-height:1.5rem;margin:.3rem 0}
.toolbar{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin:.4rem 0}
`.trim();

export const CONSOLE_SCRIPT = String.raw`
(function () {
  'use strict';
  var KEY = 'planocore.console.token';
  var token = sessionStorage.getItem(KEY);
  var who = sessionStorage.getItem(KEY + '.who') || '';
  function byId(id) { return document.getElementById(id); }

  /** el('td', {text: 'x', className: 'mono', onclick: fn, data: {id: 1}}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'data') Object.keys(value).forEach(function (k) { node.dataset[k] = String(value[k]); });
      else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
      else if (key === 'className' || key === 'type' || key === 'value' || key === 'checked' || key === 'disabled' || key === 'href' || key === 'name') node[key] = value;
      else node.setAttribute(key, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function flash(text, isError) {
    var f = byId('flash');
    f.textContent = text || '';
    f.className = isError ? 'error' : 'muted';
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

  function Failure(body) { this.body = body; this.message = body.message || body.status; }

  function api(method, path, params) {
    var all = Object.assign({ token: token }, params || {});
    var url = '/api/v1/' + path;
    var init = { method: method, headers: { accept: 'application/json' } };
    if (method === 'GET') {
      var q = new URLSearchParams();
      Object.keys(all).forEach(function (k) {
        if (all[k] !== undefined && all[k] !== '') q.append(k, String(all[k]));
      });
      url += '?' + q.toString();
    } else {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(all);
    }
    return fetch(url, init).then(function (res) { return res.json(); }).then(function (body) {
      if (body.status === 'invalid-token' || body.status === 'session-expired') {
        forget();
        showSignIn(body.message);
      }
      if (body.status !== 'action-successful') throw new Failure(body);
      return body.data;
    });
  }

  function forget() {
    token = null;
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(KEY + '.who');
  }

  function showSignIn(message) {
    byId('app').hidden = true;
    byId('signin').hidden = false;
    byId('signin-error').textContent = message || '';
  }

  function signIn(event) {
    event.preventDefault();
    var form = event.target;
    var json = JSON.stringify({ email: form.email.value, password: form.password.value, application: 'planoorder' });
    var bytes = new TextEncoder().encode(json);
    var binary = '';
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    byId('signin-error').textContent = '';
    fetch('/api/v1/sessions/create', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: btoa(binary) })
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (body.status !== 'action-successful') throw new Failure(body);
        token = body.session.token;
        // The console is for admins: an account without the permission is signed out again.
        return api('GET', 'api_services/list').then(function () {
          who = form.email.value;
          sessionStorage.setItem(KEY, token);
          sessionStorage.setItem(KEY + '.who', who);
          form.password.value = '';
          showApp();
        }, function (failure) {
          var refused = token;
          forget();
          fetch('/api/v1/sessions/destroy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: refused }) });
          throw failure;
        });
      })
      .catch(function (failure) {
        var status = failure.body && failure.body.status;
        byId('signin-error').textContent = status === 'permission-denied'
          ? 'This account may not use the console: it needs an employee with the admin permission.'
          : (failure.message || 'Sign-in failed.');
      });
  }

  function signOut() {
    var ending = token;
    forget();
    fetch('/api/v1/sessions/destroy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ending }) });
    showSignIn('Signed out.');
  }

  function showApp() {
    byId('signin').hidden = true;
    byId('app').hidden = false;
    byId('who').textContent = who;
    route();
  }

  var TABS = { notifications: notificationsTab, email: emailTab, routes: routesTab, reasons: reasonsTab, audit: auditTab };

  function route() {
    if (!token) return showSignIn('');
    var hash = location.hash.replace(/^#/, '') || 'notifications';
    var parts = hash.split('/');
    var name = TABS[parts[0]] ? parts[0] : 'notifications';
    document.querySelectorAll('nav a').forEach(function (a) {
      if (a.dataset.tab === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var view = clear(byId('view'));
    view.dataset.tab = name;
    TABS[name](view, parts[1]).catch(function (failure) { flash(failure.message, true); });
  }

  function button(text, onclick, props) {
    return el('button', Object.assign({ type: 'button', text: text, onclick: onclick }, props || {}));
  }

  function table(headers, rows, props) {
    return el('table', props || {}, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows),
    ]);
  }

  // ---- Production notifications ------------------------------------------------------------
  function notificationsTab(view) {
    return Promise.all([
      api('GET', 'notifications/list', { acknowledged: false, limit: 100 }),
      api('GET', 'notifications/list', { acknowledged: true, limit: 25 }),
    ]).then(function (pages) {
      var open = pages[0].notifications;
      var done = pages[1].notifications;
      view.appendChild(el('h1', { text: 'Production notifications' }));
      view.appendChild(el('p', { id: 'unacknowledged-count', text: pages[0].unacknowledged_count + ' unacknowledged' }));
      var all = el('input', { type: 'checkbox', 'aria-label': 'Select all', onchange: function () {
        view.querySelectorAll('input[data-select]').forEach(function (box) { box.checked = all.checked; });
      } });
      view.appendChild(el('div', { className: 'toolbar' }, [
        button('Acknowledge selected', function () {
          var ids = Array.prototype.map.call(view.querySelectorAll('input[data-select]:checked'), function (box) { return Number(box.dataset.select); });
          if (ids.length === 0) return flash('Select notifications first.', true);
          acknowledge(ids);
        }, { id: 'ack-selected' }),
      ]));
      view.appendChild(table(['', 'When', 'Severity', 'Kind', 'Message', 'Email', ''], open.map(function (n) {
        return notificationRow(n, true);
      }), { id: 'unacknowledged' }));
      view.querySelector('#unacknowledged thead th').appendChild(all);
      if (open.length === 0) view.appendChild(el('p', { className: 'muted', text: 'Nothing to look at.' }));
      view.appendChild(el('h2', { text: 'Acknowledged' }));
      view.appendChild(table(['', 'When', 'Severity', 'Kind', 'Message', 'Email', 'Acknowledged'], done.map(function (n) {
        return notificationRow(n, false);
      }), { id: 'acknowledged' }));
    });
  }

  function notificationRow(n, open) {
    var emailId = n.context && n.context.email_id;
    return el('tr', { data: { id: n.id } }, [
      el('td', {}, [open ? el('input', { type: 'checkbox', data: { select: n.id }, 'aria-label': 'Select ' + n.id }) : null]),
      el('td', { text: when(n.created_at) }),
      el('td', { className: 'sev-' + n.severity, text: n.severity }),
      el('td', { className: 'mono', text: n.kind }),
      el('td', { text: n.message }),
      el('td', {}, [emailId ? el('a', { href: '#email/' + emailId, text: 'email ' + emailId }) : null]),
      el('td', {}, [open
        ? button('Acknowledge', function () { acknowledge([n.id]); }, { data: { ack: n.id } })
        : el('span', { className: 'muted', text: (n.acknowledged_by_name || '') + ' ' + when(n.acknowledged_at) })]),
    ]);
  }

  function acknowledge(ids) {
    var chain = Promise.resolve();
    ids.forEach(function (id) { chain = chain.then(function () { return api('POST', 'notifications/acknowledge', { id: id }); }); });
    return chain.then(function () {
      route();
      flash(ids.length === 1 ? 'Acknowledged notification ' + ids[0] + '.' : 'Acknowledged ' + ids.length + ' notifications.');
    }, function (failure) { flash(failure.message, true); route(); });
  }

  // ---- Email ---------------------------------------------------------------------------------
  var STATUSES = ['queued', 'sending', 'sent', 'failed', 'rejected'];
  var RESENDABLE = ['failed', 'rejected', 'sent'];
  var emailStatus = '';

  function emailTab(view, id) {
    var query = id ? { id: id } : { status: emailStatus, limit: 100 };
    return api('GET', 'email_outbox/list', query).then(function (data) {
      view.appendChild(el('h1', { text: id ? 'Email ' + id : 'Email outbox' }));
      var select = el('select', { id: 'email-status', 'aria-label': 'Status', onchange: function () {
        emailStatus = select.value;
        if (location.hash !== '#email') location.hash = '#email'; else route();
      } }, [el('option', { value: '', text: 'every status' })].concat(STATUSES.map(function (s) {
        return el('option', { value: s, text: s + ' (' + data.counts[s] + ')' });
      })));
      select.value = id ? '' : emailStatus;
      view.appendChild(el('div', { className: 'toolbar' }, [select, id ? el('a', { href: '#email', text: 'all emails' }) : null]));
      view.appendChild(table(['Id', 'Created', 'Kind', 'To', 'Subject', 'Status', 'Attempts', 'Last error', ''], data.emails.map(function (e) {
        var resendable = RESENDABLE.indexOf(e.status) !== -1 && !e.carries_secret;
        return el('tr', { data: { id: e.id, status: e.status } }, [
          el('td', { className: 'mono', text: e.id }),
          el('td', { text: when(e.created_at) }),
          el('td', { className: 'mono', text: e.kind }),
          el('td', { text: e.to_email }),
          el('td', { text: e.subject }),
          el('td', { className: 'email-status', text: e.status }),
          el('td', { text: e.attempts }),
          el('td', { className: 'mono', text: e.last_error || e.reject_reason || '' }),
          el('td', {}, [resendable ? button('Resend', function () {
            api('POST', 'email_outbox/resend', { id: e.id }).then(function () {
              route();
              flash('Email ' + e.id + ' queued to be sent again.');
            }, function (failure) { flash(failure.message, true); });
          }, { data: { resend: e.id } }) : null]),
        ]);
      }), { id: 'emails' }));
      if (data.emails.length === 0) view.appendChild(el('p', { className: 'muted', text: 'No email.' }));
    });
  }

  // ---- Routes --------------------------------------------------------------------------------
  function stateOf(on, offText) {
    return el('span', { className: 'state ' + (on ? 'state-on' : 'state-off'), text: on ? 'deployed' : offText });
  }

  function toggle(kind, record, label) {
    var verb = record.deployed ? 'Undeploy' : 'Deploy';
    return button(verb, function () {
      var question = verb + ' ' + label + '? Every server sees it within ROUTE_STATE_TTL_MS.';
      if (!window.confirm(question)) return;
      api('POST', kind + '/update', { id: record.id, deployed: !record.deployed }).then(function () {
        route();
        flash((record.deployed ? 'Undeployed ' : 'Deployed ') + label + '.');
      }, function (failure) { flash(failure.message, true); });
    }, { data: { toggle: label } });
  }

  function routesTab(view) {
    return Promise.all([api('GET', 'api_services/list'), api('GET', 'api_routes/list')]).then(function (lists) {
      view.appendChild(el('h1', { text: 'Routes and services' }));
      view.appendChild(el('p', { className: 'muted', text: 'A route answers when it and its service are deployed; servers see a change within ROUTE_STATE_TTL_MS.' }));
      view.appendChild(el('h2', { text: 'Services' }));
      view.appendChild(table(['Service', 'Routes', 'State', ''], lists[0].api_services.map(function (s) {
        return el('tr', { data: { service: s.slug } }, [
          el('td', { className: 'mono', text: s.slug }),
          el('td', { text: s.route_count }),
          el('td', {}, [stateOf(s.deployed, 'undeployed')]),
          el('td', {}, [s.slug === 'admin' ? null : toggle('api_services', s, 'service ' + s.slug)]),
        ]);
      }), { id: 'services' }));
      view.appendChild(el('h2', { text: 'Routes' }));
      view.appendChild(table(['Method', 'Path', 'Service', 'State', ''], lists[1].api_routes.map(function (r) {
        var live = r.deployed && r.service_deployed;
        var self = r.path === '/api/v1/api_routes/update' || r.path === '/api/v1/api_services/update';
        return el('tr', { data: { path: r.path } }, [
          el('td', { className: 'mono', text: r.method }),
          el('td', { className: 'mono', text: r.path }),
          el('td', { className: 'mono', text: r.service }),
          el('td', { className: 'route-state' }, [stateOf(live, r.deployed ? 'service undeployed' : 'undeployed')]),
          el('td', {}, [self ? null : toggle('api_routes', r, r.path)]),
        ]);
      }), { id: 'routes' }));
    });
  }

  // ---- Cancelation reasons -------------------------------------------------------------------
  var TYPES = ['order', 'tour', 'appointment', 'line_item'];

  function reasonsTab(view) {
    return Promise.all([
      api('GET', 'cancelation_reasons/list', { include_inactive: true }),
      api('GET', 'cancelable_statuses/list'),
    ]).then(function (data) {
      view.appendChild(el('h1', { text: 'Cancelation reasons' }));
      view.appendChild(table(['Slug', 'Text', 'Applies to', 'State', ''], data[0].cancelation_reasons.map(function (r) {
        return el('tr', { data: { slug: r.slug } }, [
          el('td', { className: 'mono', text: r.slug }),
          el('td', { text: r.text }),
          el('td', { text: r.applicable_types.join(', ') }),
          el('td', {}, [stateOf(r.active, 'retired')]),
          el('td', {}, [button(r.active ? 'Retire' : 'Reactivate', function () {
            api('POST', 'cancelation_reasons/update', { id: r.id, active: !r.active }).then(function () {
              route();
              flash((r.active ? 'Retired ' : 'Reactivated ') + r.slug + '.');
            }, function (failure) { flash(failure.message, true); });
          })]),
        ]);
      }), { id: 'reasons' }));
      var form = el('form', { className: 'inline', id: 'new-reason', onsubmit: function (event) {
        event.preventDefault();
        var types = TYPES.filter(function (t) { return form.elements['type-' + t].checked; });
        api('POST', 'cancelation_reasons/create', { slug: form.elements.slug.value, text: form.elements.text.value, applicable_types: types })
          .then(function (d) { route(); flash('Added ' + d.cancelation_reason.slug + '.'); }, function (failure) { flash(failure.message, true); });
      } }, [
        el('label', {}, ['Slug', el('input', { name: 'slug', required: 'required', placeholder: 'listing-sold' })]),
        el('label', {}, ['Text', el('input', { name: 'text', required: 'required' })]),
      ].concat(TYPES.map(function (t) {
        return el('label', {}, [el('input', { type: 'checkbox', name: 'type-' + t, checked: t === 'order' }), t]);
      })).concat([el('button', { type: 'submit', className: 'primary', text: 'Add reason' })]));
      view.appendChild(el('h2', { text: 'Add a reason' }));
      view.appendChild(form);

      view.appendChild(el('h2', { text: 'Statuses in which clients may cancel' }));
      var sets = data[1].cancelable_statuses;
      var statusForm = el('form', { className: 'inline', id: 'cancelable-statuses', onsubmit: function (event) {
        event.preventDefault();
        var params = {};
        TYPES.forEach(function (t) {
          params[t] = statusForm.elements[t].value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
        });
        api('POST', 'cancelable_statuses/update', params).then(function () {
          route();
          flash('Saved the cancelable statuses.');
        }, function (failure) { flash(failure.message, true); });
      } }, TYPES.map(function (t) {
        return el('label', {}, [t, el('input', { name: t, value: sets[t].join(', ') })]);
      }).concat([el('button', { type: 'submit', className: 'primary', text: 'Save' })]));
      view.appendChild(statusForm);
    });
  }

  // ---- Audit trail ---------------------------------------------------------------------------
  function auditTab(view) {
    return api('GET', 'audit_events/list', { limit: 100 }).then(function (data) {
      view.appendChild(el('h1', { text: 'Audit trail' }));
      view.appendChild(el('p', { className: 'muted', text: 'The latest changes, newest first: who, when, and the changed fields before and after.' }));
      view.appendChild(table(['When', 'Record', 'Action', 'By', 'Before', 'After'], data.audit_events.map(function (e) {
        return el('tr', { data: { id: e.id } }, [
          el('td', { text: when(e.occurred_at) }),
          el('td', { className: 'mono', text: e.entity_type + ' ' + e.entity_id }),
          el('td', { className: 'mono', text: e.action }),
          el('td', { text: e.actor_user_id === null ? (e.application || '') : 'user ' + e.actor_user_id }),
          el('td', { className: 'mono', text: e.before === null ? '' : JSON.stringify(e.before) }),
          el('td', { className: 'mono', text: e.after === null ? '' : JSON.stringify(e.after) }),
        ]);
      }), { id: 'audit' }));
    });
  }

  byId('signin-form').addEventListener('submit', signIn);
  byId('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  if (token) showApp(); else showSignIn('');
})();
`.trim();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the inline style and script above; the script may call this server and nothing else. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(CONSOLE_CSS)}`,
  `script-src ${sha256(CONSOLE_SCRIPT)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
