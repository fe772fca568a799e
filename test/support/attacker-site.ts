// A hostile web site for the browser cross-site suite: pages served from another origin that make
// the visitor's browser send requests to the app, the ways a page can without the app's consent —
// top-level navigation, auto-submitted forms (GET; POST as urlencoded, multipart and text/plain),
// <img>, <iframe>, and fetch in no-cors mode with credentials (GET, HEAD, POST; cors mode for the
// methods no-cors cannot send, which a preflight stops).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One thing the attacker tries against one route. */
export interface Attack {
  /** The route it targets, as listRoutes() names it ("POST /api/tokens"). */
  readonly route: string;
  /** What it would do, for messages. */
  readonly label: string;
  /** The path on the app, parameters filled in. */
  readonly path: string;
  /** Query parameters for GET, form fields for POST (bracketed names for nested REST fields). */
  readonly params: ReadonlyArray<readonly [string, string]>;
  /** How a page can send it: GET and POST through every vector, other methods through fetch only. */
  readonly methods: ReadonlyArray<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;
}

export interface AttackerSite {
  /** `http://host:port` */
  readonly origin: string;
  /** The page that launches every attack at once (forms into frames, images, frames, fetches); its title turns "done". */
  readonly batchUrl: string;
  /** A page that navigates the whole tab to attack `index` (GET). */
  navigateUrl(index: number): string;
  /** A page that submits a top-level urlencoded form for attack `index` (POST). */
  postUrl(index: number): string;
  close(): Promise<void>;
}

const query = (params: Attack['params']): string => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function page(title: string, script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><script>${script}</script></body></html>`;
}

/** The batch page: every vector of every attack, launched together; the title says when all have settled. */
function batchPage(target: string, attacks: readonly Attack[]): string {
  const data = JSON.stringify(attacks.map((a) => ({ url: target + a.path, params: a.params, methods: a.methods })));
  return page(
    'running',
    `
const attacks = ${data};
let pending = 1;
const settle = () => { if (--pending === 0) document.title = 'done'; };
let frames = 0;
function frame() {
  const f = document.createElement('iframe');
  f.name = 'f' + frames++;
  document.body.append(f);
  return f;
}
function form(action, method, params, enctype) {
  const f = frame();
  pending++;
  // The first load is about:blank; the one after the submission is the app's answer.
  f.addEventListener('load', settle, { once: true });
  const el = document.createElement('form');
  el.action = action; el.method = method; el.enctype = enctype; el.target = f.name;
  for (const [name, value] of params) {
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = name; input.value = value;
    el.append(input);
  }
  document.body.append(el);
  el.submit();
}
function load(make) { pending++; const el = make(); el.onload = settle; el.onerror = settle; return el; }
function send(url, init) { pending++; fetch(url, { credentials: 'include', ...init }).then(settle, settle); }
for (const a of attacks) {
  const qs = new URLSearchParams(a.params).toString();
  const getUrl = a.url + (qs ? (a.url.includes('?') ? '&' : '?') + qs : '');
  if (a.methods.includes('GET')) {
    load(() => { const img = new Image(); img.src = getUrl; return img; });
    const f = load(() => document.createElement('iframe')); f.src = getUrl; document.body.append(f);
    form(a.url, 'GET', a.params, 'application/x-www-form-urlencoded');
    send(getUrl, { mode: 'no-cors' });
    // HEAD reaches GET handlers on both platforms: it must not act either.
    send(getUrl, { mode: 'no-cors', method: 'HEAD' });
  }
  if (a.methods.includes('POST')) {
    for (const enctype of ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']) form(a.url, 'POST', a.params, enctype);
    const multipart = new FormData();
    for (const [k, v] of a.params) multipart.append(k, v);
    send(a.url, { mode: 'no-cors', method: 'POST', body: new URLSearchParams(a.params) });
    send(a.url, { mode: 'no-cors', method: 'POST', body: multipart });
    send(a.url, { mode: 'no-cors', method: 'POST', body: JSON.stringify(Object.fromEntries(a.params)) });
  }
  for (const method of a.methods.filter((m) => m !== 'GET' && m !== 'POST')) {
    // no-cors cannot send these methods; cors mode needs a preflight the app does not answer.
    send(a.url, { mode: 'cors', method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(a.params)) });
  }
}
settle();
// Whatever hangs, the page reports after a generous bound.
setTimeout(() => { document.title = 'done'; }, 30000);
`,
  );
}

/** Serves the attacker's pages on `host` (another loopback address or port than the app's). */
export async function startAttackerSite(host: string, target: string, attacks: readonly Attack[]): Promise<AttackerSite> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://attacker');
    const index = Number(url.searchParams.get('i'));
    const attack = attacks[index];
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    if (url.pathname === '/batch') {
      res.end(batchPage(target, attacks));
    } else if (url.pathname === '/navigate' && attack) {
      const qs = query(attack.params);
      const to = target + attack.path + (qs ? `?${qs}` : '');
      res.end(page('navigate', `location.replace(${JSON.stringify(to)});`));
    } else if (url.pathname === '/post' && attack) {
      const fields = JSON.stringify(attack.params);
      res.end(
        page(
          'post',
          `const f = document.createElement('form'); f.method = 'POST'; f.action = ${JSON.stringify(target + attack.path)};
for (const [n, v] of ${fields}) { const i = document.createElement('input'); i.type = 'hidden'; i.name = n; i.value = v; f.append(i); }
document.body.append(f); f.submit();`,
        ),
      );
    } else {
      res.statusCode = 404;
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    batchUrl: `${origin}/batch`,
    navigateUrl: (index) => `${origin}/navigate?i=${index}`,
    postUrl: (index) => `${origin}/post?i=${index}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
