import { createHash } from 'node:crypto';

/**
 * The documentation pages' only style and script, inlined in every page. The Content-Security-Policy
 * allows exactly these two by hash, so the pages can be cached whole and no inline code can be injected.
 */
export const DOCS_CSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#5b6572;--quiet:#8a939e;--line:#e3e7ec;--soft:#f5f7f9;--accent:#0b62c4;
--get:#0a7d4f;--post:#0b62c4;--put:#8a5a00;--patch:#7a3fb8;--delete:#b42318;--ok:#0a7d4f;--off:#9a3412;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;--side:17rem;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--fg:#e6e9ed;--muted:#9aa4b1;--quiet:#75808c;
--line:#2a323c;--soft:#171e26;--accent:#6cb0ff;--get:#4cc38a;--post:#6cb0ff;--put:#e0b050;--patch:#c49bf0;
--delete:#ff8a80;--ok:#4cc38a;--off:#ffab70}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}
a:hover,a:focus-visible{text-decoration:underline}
abbr{text-decoration:none}
code,pre{font-family:var(--mono);font-size:.88em}
code{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.05em .3em;
overflow-wrap:break-word}
pre{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;overflow:auto;
white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0 1rem}
pre code{background:none;border:0;padding:0}
.top{border-bottom:1px solid var(--line);padding:.7rem 1.2rem}
.top nav{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;font-size:.95rem;color:var(--muted)}
.top .brand{font-weight:650;color:var(--fg)}
.top .top-link{margin-left:auto;font-size:.88rem}
.shell{display:grid;grid-template-columns:var(--side) minmax(0,1fr);max-width:110rem;margin:0 auto}
.side{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;border-right:1px solid var(--line);
padding:1rem .7rem 2rem;font-size:.9rem}
.nav summary{display:none}
.nav-search input{width:100%;font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:7px;
background:var(--bg);color:var(--fg)}
.nav-search input:focus{outline:2px solid var(--accent);outline-offset:1px}
.nav-service{margin-top:1rem}
.nav-h{display:block;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em;
color:var(--muted);padding:0 .4rem .2rem}
.nav-service ul{list-style:none;margin:0;padding:0}
.nav-route a{display:flex;gap:.45rem;align-items:baseline;padding:.22rem .4rem;border-radius:6px;color:var(--fg);
line-height:1.35}
.nav-route a:hover,.nav-route a:focus-visible{background:var(--soft);text-decoration:none}
.nav-route a[aria-current=page]{background:var(--soft);font-weight:650;box-shadow:inset 3px 0 0 var(--accent)}
.nav-none{color:var(--muted);padding:.6rem .4rem}
.nav-t{min-width:0}
.hit{display:block;font:.78rem var(--mono);color:var(--muted);overflow-wrap:anywhere}
.routes .hit{grid-column:2}
main{min-width:0;max-width:80rem;padding:1rem 2.2rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:.8rem 0 .4rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.4rem 0 .4rem}
.lead{color:var(--muted);margin:.2rem 0 1rem}
.route-line{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0}
.route-line .path{font-size:1rem}
.method{display:inline-block;min-width:3.6rem;text-align:center;font:700 .75rem/1.9 var(--mono);
letter-spacing:.04em;color:#fff;border-radius:5px;padding:0 .45rem}
.method.mini{min-width:2.9rem;font-size:.6rem;line-height:1.6;padding:0 .25rem;flex:none}
.m-get{background:var(--get)}.m-post{background:var(--post)}.m-put{background:var(--put)}
.m-patch{background:var(--patch)}.m-delete{background:var(--delete)}
@media (prefers-color-scheme:dark){.method{color:#0f1419}}
.state{display:inline-block;font-size:.75rem;font-weight:600;border-radius:999px;padding:.05rem .6rem;
border:1px solid currentColor;white-space:nowrap}
.state-on{color:var(--ok)}.state-off{color:var(--off)}
.tag{display:inline-block;font-size:.72rem;font-weight:600;color:var(--muted);border:1px solid var(--line);
border-radius:4px;padding:0 .35rem;margin-left:.3rem;vertical-align:middle}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:1rem 0;font-size:.95rem}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.note{background:var(--soft);border-left:3px solid var(--off);padding:.6rem .9rem;border-radius:4px}
table{width:100%;border-collapse:collapse;font-size:.94rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .6rem;border-bottom:1px solid var(--line)}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.quiet,th.quiet{color:var(--quiet);font-size:.78rem;font-weight:400}
.req{color:var(--off);font-weight:600}.opt{color:var(--muted)}
.p-name code,.f-name code{font-weight:600;white-space:nowrap;overflow-wrap:normal;word-break:normal}
.p-name wbr,.f-name wbr{display:none}
.p-type,.f-type,.p-req{white-space:nowrap}
tr.d1 .p-name,tr.d1 .f-name{padding-left:1.6rem}tr.d2 .p-name,tr.d2 .f-name{padding-left:2.6rem}
tr.d3 .p-name,tr.d3 .f-name{padding-left:3.6rem}
.constraint,.example{color:var(--muted);font-size:.88rem;margin-top:.25rem}
.example code{overflow-wrap:anywhere}
.values{margin:.2rem 0 0;padding-left:1.1rem;font-size:.88rem}
.s-slug code{font-weight:600;white-space:nowrap}
.search{display:flex;gap:.5rem;margin:1rem 0 .3rem}
.search input{flex:1;font:inherit;padding:.6rem .8rem;border:1px solid var(--line);border-radius:8px;
background:var(--bg);color:var(--fg);min-width:0}
.search input:focus{outline:2px solid var(--accent);outline-offset:1px}
.search button{font:inherit;padding:.5rem .9rem;border-radius:8px;border:1px solid var(--line);
background:var(--soft);color:var(--fg)}
.count{color:var(--muted);font-size:.9rem;margin:.2rem 0 1rem}
.service h2{display:flex;align-items:baseline;gap:.6rem}
.service h2 small{font-size:.8rem;font-weight:500;color:var(--muted)}
.routes{list-style:none;margin:0;padding:0}
.routes li{border-bottom:1px solid var(--line)}
.routes a{display:grid;grid-template-columns:4.2rem 1fr auto;gap:.2rem .8rem;align-items:center;
padding:.6rem .3rem;color:var(--fg)}
.routes a:hover,.routes a:focus-visible{background:var(--soft);text-decoration:none}
.routes .title{grid-column:2;font-weight:600}
.routes .path{grid-column:2;font:.85rem var(--mono);color:var(--muted);overflow-wrap:anywhere}
.routes .method{grid-row:1/span 2}.routes .state{grid-column:3;grid-row:1/span 2}
footer{border-top:1px solid var(--line);padding:1rem 1.2rem;color:var(--muted);font-size:.85rem}
@media (max-width:60rem){
.shell{grid-template-columns:minmax(0,1fr)}
.side{position:static;max-height:none;overflow:visible;border-right:0;border-bottom:1px solid var(--line);
padding:.5rem 1rem}
.nav summary{display:list-item;cursor:pointer;font-weight:650;padding:.3rem 0}
.nav[open] #nav-routes{max-height:60vh;overflow:auto}
main{padding:1rem}
}
@media (max-width:40rem){
body{font-size:15px}h1{font-size:1.45rem}
table.stack thead{display:none}
table.stack,table.stack tbody{display:block;width:100%}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}
table.stack td{display:inline-block;border:0;padding:.1rem .7rem .1rem 0}
table.stack td.p-name,table.stack td.f-name,table.stack td.s-slug,table.stack td.p-desc,table.stack td.f-desc,
table.stack td.s-desc,table.stack td.li-desc{display:block}
table.stack td:empty{display:none}
table.stack td.p-pos::before{content:"position ";color:var(--quiet)}
table.stack td.s-http::before{content:"HTTP ";color:var(--muted)}
.p-name code,.f-name code{white-space:normal}.p-name wbr,.f-name wbr{display:inline}
tr.d1 .p-name,tr.d2 .p-name,tr.d3 .p-name,tr.d1 .f-name,tr.d2 .f-name,tr.d3 .f-name{padding-left:.2rem}
tr.d1,tr.d2,tr.d3{padding-left:.8rem!important;border-left:2px solid var(--line)}
.routes a{grid-template-columns:3.8rem 1fr}
.routes .state{grid-column:2;grid-row:auto;justify-self:start}
.facts{grid-template-columns:1fr}.facts dd{margin-bottom:.4rem}
}
`.trim();

/**
 * Every search box with `data-filter` filters the `[data-search]` rows of that element as one
 * types (groups with no visible row hide); Enter opens the first match; "/" focuses the page's
 * main box. On a narrow screen the side navigation starts folded, unless its search has text.
 */
export const DOCS_SCRIPT = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  boxes.forEach(function (input) {
    var scope = document.getElementById(input.getAttribute('data-filter'));
    if (!scope) return;
    var rows = Array.prototype.slice.call(scope.querySelectorAll('[data-search]'));
    var groups = Array.prototype.slice.call(scope.querySelectorAll('[data-group]'));
    var empty = document.getElementById(input.getAttribute('data-none'));
    var count = document.getElementById(input.getAttribute('data-count'));
    function apply() {
      var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = 0;
      var long = terms.filter(function (t) { return t.length >= 3; });
      rows.forEach(function (row) {
        var text = row.getAttribute('data-search');
        var hit = terms.every(function (t) { return text.indexOf(t) !== -1; });
        row.hidden = !hit;
        if (hit) shown++;
        var hint = row.querySelector('[data-params]');
        if (!hint) return;
        var names = !hit ? [] : hint.getAttribute('data-params').split(' ').filter(function (n) {
          var name = n.toLowerCase();
          return long.some(function (t) { return name.indexOf(t) !== -1; });
        });
        hint.textContent = names.length ? 'param ' + names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '') : '';
        hint.hidden = names.length === 0;
      });
      groups.forEach(function (g) { g.hidden = !g.querySelector('[data-search]:not([hidden])'); });
      if (empty) empty.hidden = shown !== 0;
      if (count) count.textContent = terms.length ? shown + ' of ' + rows.length + ' routes match' : rows.length + ' routes';
      if (input.hasAttribute('data-url')) {
        var url = new URL(location.href);
        if (terms.length) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
        history.replaceState(null, '', url);
      }
    }
    input.addEventListener('input', apply);
    input.form.addEventListener('submit', function (e) {
      var first = rows.filter(function (r) { return !r.hidden; })[0];
      if (!first) return;
      e.preventDefault();
      location.href = first.querySelector('a').href;
    });
    apply();
  });
  var nav = document.getElementById('nav');
  var navInput = document.getElementById('nav-q');
  if (nav && window.matchMedia('(max-width: 60rem)').matches && !(navInput && navInput.value)) nav.open = false;
  var current = document.querySelector('.nav-route a[aria-current]');
  var side = document.querySelector('.side');
  if (current && side && side.scrollHeight > side.clientHeight) {
    side.scrollTop = current.offsetTop - side.clientHeight / 3;
  }
  var mainBox = document.getElementById('q') || navInput;
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || !mainBox || document.activeElement === mainBox) return;
    var tag = document.activeElement && document.activeElement.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') return;
    e.preventDefault();
    if (nav && mainBox === navInput) nav.open = true;
    mainBox.focus();
  });
})();
`.trim();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Only the inline style and script above may run; nothing else loads, no form posts elsewhere. */
export const DOCS_CSP = [
  "default-src 'none'",
  `style-src ${sha256(DOCS_CSS)}`,
  `script-src ${sha256(DOCS_SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
