#!/usr/bin/env node
// Development mock of the chancery JSON API (docs/api.md) with data parsed by the CLI
// from examples/. For iterating on the UI only; the real tests run the real server.
// usage: node dev/mock-server.mjs --web-root DIR [--port 8099] [--chancery BIN] [--reading-room]
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const webRoot = arg('--web-root', join(here, '..', 'dist'));
const port = Number(arg('--port', '8099'));
const bin = arg('--chancery', join(here, '..', '..', 'build-lead', 'src', 'cli', 'chancery'));
const readingRoom = process.argv.includes('--reading-room');
const ex = join(here, '..', '..', 'examples');

const tmp = mkdtempSync(join(tmpdir(), 'mock-'));
const v2 = readFileSync(join(ex, '07TELAVIV557.txt'), 'utf8').replace('and the Mossad.', 'and the Mossad, among others.');
writeFileSync(join(tmp, 'v2.txt'), v2);
const f553 = readFileSync(join(ex, '07TELAVIV557.txt'), 'utf8').replace(/^07TELAVIV557/, '07TELAVIV553').replace(/Ref: a\.[^]*?d\. Tel aviv 00556\n/, '');
writeFileSync(join(tmp, '553.txt'), f553);
const files = readdirSync(ex).filter((f) => /\.(txt|html|csv)$/.test(f)).map((f) => join(ex, f));
const parse = (fs) => execFileSync(bin, ['parse', '--json', ...fs], { maxBuffer: 1 << 28 }).toString().trim().split('\n').map((l) => JSON.parse(l));
const cables = new Map(); // id -> [record versions]
for (const r of [...parse(files), ...parse([join(tmp, '553.txt')]), ...parse([join(tmp, 'v2.txt')])]) {
  const list = cables.get(r.id) || [];
  if (!list.some((x) => x.body === r.body)) list.push(r);
  cables.set(r.id, list);
}
const LV = { UNCLASSIFIED: 0, CONFIDENTIAL: 1, SECRET: 2, 'TOP SECRET': 3 };
const lvlOfMark = (m, dflt) => { const c = String(m || '').toUpperCase().split(/[/ ]/)[0]; return { U: 0, SBU: 0, C: 1, S: 2, TS: 3 }[c] ?? dflt; };
const users = new Map([
  ['secret', { name: 'secret', role: 'reader', clearance: 'SECRET', nationality: 'USA', groups: [], post: null, disabled: false, created: '2026-01-01T00:00Z', pw: 'secret-pw' }],
  ['conf', { name: 'conf', role: 'reader', clearance: 'CONFIDENTIAL', nationality: 'USA', groups: [], post: null, disabled: false, created: '2026-01-01T00:00Z', pw: 'conf-pw' }],
  ['admin', { name: 'admin', role: 'admin', clearance: 'TOP SECRET', nationality: 'USA', groups: [], post: null, disabled: false, created: '2026-01-01T00:00Z', pw: 'admin-pw' }],
  ['auditor', { name: 'auditor', role: 'auditor', clearance: 'UNCLASSIFIED', nationality: 'USA', groups: [], post: null, disabled: false, created: '2026-01-01T00:00Z', pw: 'auditor-pw' }],
]);
// --users FILE: lines "name<TAB>password" overriding the passwords above (see dev/fake-chancery.sh)
if (arg('--users')) {
  for (const line of readFileSync(arg('--users'), 'utf8').split('\n').filter(Boolean)) {
    const [n, pw] = line.split('\t');
    if (users.has(n)) users.get(n).pw = pw;
  }
}
const sessions = new Map();
const pub = (u) => { const { pw, ...rest } = u; return rest; };
const audit = [];

function view(rec, user, version, all) {
  const cl = user ? LV[user.clearance] : 0;
  const overall = LV[rec.classification?.split('//')[0]] ?? 3;
  const r = { ...rec, paragraphs: rec.paragraphs.map((p) => ({ ...p })) };
  const portions = [];
  const subjLv = overall;
  const sw = subjLv > cl;
  portions.push({ kind: 'subject', number: null, marking: null, inherited: true, withheld: sw });
  if (sw) r.subject = null;
  let any = !sw;
  for (const p of r.paragraphs) {
    const w = lvlOfMark(p.marking, overall) > cl;
    portions.push({ kind: 'paragraph', number: p.number, marking: p.marking, inherited: !p.marking, withheld: w });
    if (w) { p.text = ''; } else any = true;
  }
  if (!any && !(r.paragraphs.length === 0 && overall <= cl)) return null;
  const redacted = portions.some((p) => p.withheld);
  if (redacted) { delete r.summary; r.body = r.paragraphs.map((p) => `¶${p.number}. (${p.marking}) ${p.text || '[withheld]'}`).join('\n\n'); }
  return { key: `${rec.origin}/${rec.id}`, id: rec.id, origin: rec.origin, version, versions: versionsOf(all), overall: [rec.classification, ...rec.handling.filter((x) => x === 'NOFORN')].join('//'), redacted, record: r, portions };
}
const versionsOf = (all) => all.map((r, i) => ({ version: i + 1, digest: randomBytes(16).toString('hex'), ingested: '2026-11-29T10:0' + i + 'Z', source: `examples/${r.id}`, format: r.format }));
const visible = (user) => [...cables.values()].map((l) => view(l[l.length - 1], user, l.length, l)).filter(Boolean);

function search(user, q) {
  let list = visible(user);
  const terms = (q || '').match(/\w+:"[^"]*"|\S+/g) || [];
  for (const t of terms) {
    const m = /^(\w+):"?([^"]*)"?$/.exec(t);
    if (m) {
      const [, f, v] = m; const V = v.toUpperCase();
      list = list.filter((c) => f === 'tag' ? c.record.tags.includes(V) : f === 'year' ? c.record.created?.startsWith(v) : f === 'date' ? c.record.created?.startsWith(v)
        : f === 'class' ? c.record.classification.toUpperCase() === V : f === 'origin' ? c.origin.toUpperCase().includes(V) : f === 'id' ? c.id === V : true);
    } else if (!/^(AND|OR|NOT)$/.test(t)) {
      const w = t.replace(/[*"()]/g, '').toLowerCase();
      list = list.filter((c) => JSON.stringify([c.record.subject, c.record.paragraphs.map((p) => p.text)]).toLowerCase().includes(w));
    }
  }
  return list;
}
const count = (arr) => { const m = new Map(); for (const x of arr) m.set(x, (m.get(x) || 0) + 1); return [...m].sort((a, b) => b[1] - a[1]); };
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function send(res, status, obj, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(obj === null ? '' : JSON.stringify(obj));
}
const err = (res, status, code, message, extra = {}) => send(res, status, { error: { code, message, ...extra } });
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  const sid = /chancery_session=([^;]+)/.exec(req.headers.cookie || '')?.[1];
  const sess = sid && sessions.get(sid);
  const user = sess ? users.get(sess.name) : null;
  let body = '';
  for await (const c of req) body += c;
  if (!p.startsWith('/api/')) {
    const file = p === '/' ? 'index.html' : p.startsWith('/assets/') ? p.slice(8) : null;
    if (!file || file.includes('/')) return err(res, 404, 'not_found', 'no such page');
    try {
      const data = readFileSync(join(webRoot, file));
      res.writeHead(200, { 'Content-Type': { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[extname(file)], 'Content-Security-Policy': CSP });
      return res.end(data);
    } catch { return err(res, 404, 'not_found', 'no such file'); }
  }
  if (req.method !== 'GET' && (req.headers['content-type'] !== 'application/json' || (user && req.headers['x-csrf-token'] !== sess.csrf))) return err(res, 403, 'csrf', 'missing or wrong CSRF token');
  if (p === '/api/session') {
    if (req.method === 'GET') return send(res, 200, { user: user ? pub(user) : null, reading_room: readingRoom, csrf: sess?.csrf ?? null });
    if (req.method === 'POST') {
      const { name, password } = JSON.parse(body || '{}');
      const u = users.get(name);
      if (!u || u.pw !== password) return err(res, 401, 'unauthenticated', 'wrong name or password');
      const id = randomBytes(16).toString('hex'); const csrf = randomBytes(16).toString('hex');
      sessions.set(id, { name, csrf });
      return send(res, 200, { user: pub(u), reading_room: readingRoom, csrf }, { 'Set-Cookie': `chancery_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (req.method === 'DELETE') { sessions.delete(sid); return send(res, 204, null); }
    return err(res, 405, 'method_not_allowed', 'method not allowed');
  }
  if (!user && !readingRoom) return err(res, 401, 'unauthenticated', 'sign in first');
  let m;
  if (p === '/api/search') {
    const q = url.searchParams.get('q') || '';
    if ((q.match(/"/g) || []).length % 2) return err(res, 400, 'bad_request', "unbalanced quote: a phrase opened with '\"' is never closed");
    let list = search(user, q);
    const sort = url.searchParams.get('sort');
    if (sort === 'newest') list.sort((a, b) => b.record.created.localeCompare(a.record.created));
    if (sort === 'oldest') list.sort((a, b) => a.record.created.localeCompare(b.record.created));
    const off = Number(url.searchParams.get('offset') || 0), lim = Number(url.searchParams.get('limit') || 20);
    const word = q.split(/\s+/).find((w) => w && !w.includes(':'));
    const hits = list.slice(off, off + lim).map((c) => {
      const txt = c.record.paragraphs.map((p) => p.text).join(' ') || '';
      const i = word ? txt.toLowerCase().indexOf(word.toLowerCase()) : 0;
      let snip = esc(txt.slice(Math.max(0, i - 60), i + 140));
      if (word) snip = snip.replace(new RegExp(`(${word.replace(/\W/g, '')})`, 'gi'), '<mark>$1</mark>');
      return { id: c.id, origin: c.origin, created: c.record.created, classification: c.record.classification, subject: c.record.subject, tags: c.record.tags, score: 1, snippet: snip };
    });
    return send(res, 200, { query: q, total: list.length, total_exact: !user || user.clearance === 'TOP SECRET', offset: off, limit: lim, hits,
      facets: { tag: count(list.flatMap((c) => c.record.tags)), origin: count(list.map((c) => c.origin)), year: count(list.map((c) => c.record.created.slice(0, 4))), class: count(list.map((c) => c.record.classification)) } });
  }
  if (p === '/api/timeline') {
    const list = search(user, url.searchParams.get('q'));
    return send(res, 200, { query: url.searchParams.get('q'), months: count(list.map((c) => c.record.created.slice(0, 7))).sort((a, b) => a[0].localeCompare(b[0])) });
  }
  if (p === '/api/stats') {
    const list = visible(user);
    return send(res, 200, { cables: list.length, versions: list.length + 1, by_year: count(list.map((c) => c.record.created.slice(0, 4))).sort(), by_origin: count(list.map((c) => c.origin)), by_classification: count(list.map((c) => c.record.classification)), by_tag: count(list.flatMap((c) => c.record.tags)) });
  }
  if ((m = /^\/api\/cables\/([^/]+)(?:\/(versions|diff|refs|graph))?$/.exec(p))) {
    const id = decodeURIComponent(m[1]);
    const all = cables.get(id);
    if (id === 'DUP1') return err(res, 409, 'conflict', 'several cables have this id: give an origin', { origins: ['Embassy A', 'Embassy B'] });
    const v = Number(url.searchParams.get('version') || (all ? all.length : 1));
    const cv = all && all[v - 1] && view(all[v - 1], user, v, all);
    if (!cv) return err(res, 404, 'not_found', `no cable ${id}`);
    if (!m[2]) return send(res, 200, cv);
    if (m[2] === 'versions') return send(res, 200, { id, origin: cv.origin, versions: cv.versions });
    if (m[2] === 'diff') {
      const a = view(all[Number(url.searchParams.get('from')) - 1], user, 1, all), b = view(all[Number(url.searchParams.get('to')) - 1], user, 2, all);
      if (!a || !b) return err(res, 404, 'not_found', 'no such version');
      const la = a.record.body.split('\n'), lb = b.record.body.split('\n');
      const out = [`--- ${id} version ${url.searchParams.get('from')}`, `+++ ${id} version ${url.searchParams.get('to')}`];
      let i = 0; while (i < la.length && la[i] === lb[i]) i++;
      if (i < la.length || la.length !== lb.length) {
        const s = Math.max(0, i - 3);
        out.push(`@@ -${s + 1},7 +${s + 1},7 @@`);
        for (let k = s; k < i; k++) out.push(' ' + la[k]);
        out.push('-' + la[i], '+' + lb[i]);
        for (let k = i + 1; k < Math.min(la.length, i + 4); k++) out.push(' ' + la[k]);
      }
      return send(res, 200, { id, origin: cv.origin, from: Number(url.searchParams.get('from')), to: Number(url.searchParams.get('to')), diff: out.join('\n') + '\n' });
    }
    const refOf = (rid, text) => { const l = cables.get(rid); const c = l && view(l[l.length - 1], user, l.length, l); return { id: rid, origin: c ? c.origin : null, subject: c ? c.record.subject : null, created: c ? c.record.created : null, text }; };
    const cites = cv.record.references.filter((r) => r.id).map((r) => refOf(r.id, r.text));
    const citedBy = [...cables.values()].map((l) => l[l.length - 1]).filter((r) => r.references.some((x) => x.id === id)).map((r) => refOf(r.id, null)).filter((r) => r.origin);
    if (m[2] === 'refs') return send(res, 200, { id, origin: cv.origin, cites, cited_by: citedBy, missing: cites.filter((r) => !r.origin), series: [] });
    const nodes = [{ id, origin: cv.origin, subject: cv.record.subject, created: cv.record.created, missing: false },
      ...cites.map((r) => ({ id: r.id, origin: r.origin, subject: r.subject, created: r.created, missing: !r.origin })), ...citedBy.map((r) => ({ ...r, missing: false }))];
    return send(res, 200, { center: id, nodes, edges: [...cites.map((r) => ({ from: id, to: r.id })), ...citedBy.map((r) => ({ from: r.id, to: id }))] });
  }
  if (p === '/api/users') {
    if (user?.role !== 'admin') return err(res, 403, 'forbidden', 'administrators only');
    if (req.method === 'GET') return send(res, 200, { users: [...users.values()].map(pub) });
    const u = JSON.parse(body); users.set(u.name, { ...u, pw: u.password, disabled: false, created: new Date().toISOString().slice(0, 16) + 'Z' });
    return send(res, 201, pub(users.get(u.name)));
  }
  if ((m = /^\/api\/users\/([^/]+)$/.exec(p))) {
    if (user?.role !== 'admin') return err(res, 403, 'forbidden', 'administrators only');
    const name = decodeURIComponent(m[1]);
    if (!users.has(name)) return err(res, 404, 'not_found', 'no such user');
    if (req.method === 'DELETE') { users.delete(name); return send(res, 204, null); }
    Object.assign(users.get(name), JSON.parse(body)); return send(res, 200, pub(users.get(name)));
  }
  if (p === '/api/audit') { if (user?.role !== 'auditor') return err(res, 403, 'forbidden', 'auditors only'); return send(res, 200, { entries: audit }); }
  if (p === '/api/audit/verify') { if (user?.role !== 'auditor') return err(res, 403, 'forbidden', 'auditors only'); return send(res, 200, { ok: true, entries: 0, head: 'abc', problem: null }); }
  return err(res, 404, 'not_found', 'no such endpoint');
});
server.listen(port === 0 ? 0 : port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
