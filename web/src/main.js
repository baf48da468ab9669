import { h, clear, errorBox } from './dom.js';
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { renderSignin } from './views/signin.js';
import { renderSearch } from './views/search.js';
import { renderCable } from './views/cable.js';
import { renderGraph } from './views/graph.js';
import { renderStats } from './views/stats.js';
import { renderUsers } from './views/users.js';
import { renderAudit } from './views/audit.js';
import { renderCompose } from './views/compose.js';
import { renderInbox } from './views/inbox.js';

export const state = { user: null, readingRoom: false, csrf: null, loaded: false, notice: '', unread: null };

const main = document.getElementById('main');
const header = document.getElementById('site-header');
let renderSeq = 0;
let current = null; // { path, key } of the rendered route
let cleanup = null;

export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const parts = path.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
  return { path, parts, params };
}

export function navigate(hash) {
  if (location.hash === hash) route(true);
  else location.hash = hash;
}

// The unread count of the user's inbox, shown next to the Inbox link.
let unreadSeq = 0;
export async function refreshUnread() {
  const seq = ++unreadSeq;
  if (!state.user || !state.user.post) { state.unread = null; paintUnread(); return; }
  try {
    const r = await api('/api/inbox', { params: { unread: 1, limit: 100 }, quiet401: true });
    if (seq !== unreadSeq) return;
    state.unread = (r.entries || []).length;
  } catch {
    if (seq !== unreadSeq) return;
    state.unread = null;
  }
  paintUnread();
}

function paintUnread() {
  const el = document.getElementById('nav-unread');
  if (!el) return;
  const n = state.unread;
  el.textContent = n ? (n >= 100 ? '99+' : String(n)) : '';
  el.hidden = !n;
  const sr = document.getElementById('nav-unread-sr');
  if (sr) sr.textContent = n ? ` (${n >= 100 ? 'at least 100' : n} unread)` : '';
}

export function setTitle(t) { document.title = t ? `${t} — chancery` : 'chancery'; }

function canBrowse() { return !!state.user || state.readingRoom; }

async function loadSession() {
  const s = await api('/api/session', { quiet401: true });
  state.user = s.user || null;
  state.readingRoom = !!s.reading_room;
  state.csrf = s.csrf || null;
  setCsrf(state.csrf);
  state.loaded = true;
}

export function applySession(s) {
  state.user = s.user || null;
  state.unread = null;
  state.readingRoom = !!s.reading_room;
  state.csrf = s.csrf || null;
  setCsrf(state.csrf);
  renderHeader();
}

setUnauthenticatedHandler(() => {
  if (!state.user && state.readingRoom) return;
  state.user = null;
  state.csrf = null;
  setCsrf(null);
  state.notice = 'Your session has ended. Please sign in again.';
  renderHeader();
  if (!location.hash.startsWith('#/signin')) {
    sessionStorage.setItem('chancery.after', location.hash);
    location.hash = '#/signin';
  }
});

async function signOut() {
  try {
    await api('/api/session', { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 401) { announce(e.message); }
  }
  try { await loadSession(); } catch { state.user = null; }
  renderHeader();
  navigate(state.readingRoom ? '#/search' : '#/signin');
}

export function announce(msg) {
  const live = document.getElementById('announcer');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = msg; }, 30); }
}

export function renderHeader() {
  clear(header);
  const { parts, params } = parseHash();
  const qv = parts[0] === 'search' ? params.get('q') || '' : '';
  const input = h('input', {
    id: 'global-q', type: 'search', name: 'q', value: qv, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Search cables, e.g. iran tag:PREL year:2007', 'aria-keyshortcuts': '/',
  });
  const searchForm = h('form', {
    class: 'global-search', role: 'search', 'aria-label': 'Search the archive',
    onsubmit: (ev) => {
      ev.preventDefault();
      const p = new URLSearchParams();
      if (input.value.trim()) p.set('q', input.value.trim());
      const cur = parseHash();
      if (cur.parts[0] === 'search') {
        for (const k of ['sort', 'f']) if (cur.params.get(k)) p.set(k, cur.params.get(k));
      }
      navigate('#/search' + (p.toString() ? '?' + p : ''));
    },
  },
  h('label', { for: 'global-q', class: 'sr-only' }, 'Search query'),
  input,
  h('button', { type: 'submit', class: 'btn primary' }, 'Search'));

  const links = [];
  if (canBrowse()) {
    links.push(['#/search', 'Search', 'search'], ['#/stats', 'Statistics', 'stats']);
    if (state.user && state.user.post) links.push(['#/inbox', 'Inbox', 'inbox']);
    if (state.user && ['officer', 'admin'].includes(state.user.role)) links.push(['#/compose', 'Compose', 'compose']);
    if (state.user && state.user.role === 'admin') links.push(['#/admin/users', 'Users', 'admin']);
    if (state.user && state.user.role === 'auditor') links.push(['#/audit', 'Audit log', 'audit']);
  }
  const nav = h('nav', { 'aria-label': 'Main' },
    h('ul', null, links.map(([href, label, key]) =>
      h('li', null, h('a', { href, 'aria-current': parts[0] === key ? 'page' : null }, label,
        key === 'inbox' ? [h('span', { id: 'nav-unread', class: 'nav-count', 'aria-hidden': 'true', hidden: true }), h('span', { id: 'nav-unread-sr', class: 'sr-only' })] : null)))));

  let who;
  if (state.user) {
    const u = state.user;
    who = h('div', { class: 'who' },
      h('span', { class: 'who-text' },
        h('span', { class: 'sr-only' }, 'Signed in as '),
        h('strong', null, u.name), ' · ', u.role, ' · ',
        h('span', { class: 'clearance', title: 'clearance' }, u.clearance)),
      h('button', { type: 'button', class: 'btn', onclick: signOut }, 'Sign out'));
  } else if (state.readingRoom) {
    who = h('div', { class: 'who' }, h('span', { class: 'who-text' }, 'Reading room (public)'),
      h('a', { class: 'btn', href: '#/signin' }, 'Sign in'));
  } else {
    who = h('div', { class: 'who' });
  }
  header.append(
    h('div', { class: 'brand' }, h('a', { href: canBrowse() ? '#/search' : '#/signin' },
      h('img', { src: '/assets/favicon.svg', alt: '', width: 24, height: 24 }), 'chancery')),
    canBrowse() ? searchForm : null,
    nav,
    who);
  paintUnread();
}

export async function route(force = false) {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return; // in-page anchors (skip link)
  const { path, parts, params } = parseHash();
  // Same page, only the paragraph anchor changed: scroll, don't re-render.
  const key = path + '?' + [...params].filter(([k]) => k !== 'p').map(([k, v]) => k + '=' + v).join('&');
  if (!force && current && current.key === key) {
    focusAnchor(params.get('p'));
    return;
  }
  const seq = ++renderSeq;
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  if (!state.loaded) {
    try { await loadSession(); } catch (e) {
      clear(main).append(h('h1', null, 'chancery'), errorBox(e));
      return;
    }
  }
  let view = parts[0] || '';
  if (!view) { location.replace(canBrowse() ? '#/search' : '#/signin'); return; }
  if (view !== 'signin' && !canBrowse()) {
    sessionStorage.setItem('chancery.after', hash);
    location.replace('#/signin');
    return;
  }
  current = { path, key };
  document.body.dataset.route = view;
  renderHeader();
  refreshUnread();
  clear(main);
  const ctx = {
    parts, params, main, state, seq,
    alive: () => seq === renderSeq,
    setCleanup: (fn) => { cleanup = fn; },
  };
  try {
    switch (view) {
      case 'signin': await renderSignin(ctx); break;
      case 'search': await renderSearch(ctx); break;
      case 'cable': await renderCable(ctx); break;
      case 'graph': await renderGraph(ctx); break;
      case 'stats': await renderStats(ctx); break;
      case 'admin': await renderUsers(ctx); break;
      case 'audit': await renderAudit(ctx); break;
      case 'compose': await renderCompose(ctx); break;
      case 'inbox': await renderInbox(ctx); break;
      default:
        setTitle('Not found');
        main.append(h('h1', null, 'Page not found'), h('p', null, h('a', { href: '#/search' }, 'Go to search')));
    }
  } catch (e) {
    if (!ctx.alive()) return;
    if (e && e.status === 401) return; // handled by the 401 handler
    main.append(errorBox(e));
  }
  if (ctx.alive()) focusAnchor(params.get('p'));
}

function focusAnchor(id) {
  if (!id) return;
  const el = document.getElementById(id);
  if (el) {
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }
}

// Keyboard: "/" focuses the query box.
document.addEventListener('keydown', (ev) => {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target;
  const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  if (ev.key === '/' && !typing) {
    const vis = (el) => el && el.offsetParent !== null;
    const g = document.getElementById('global-q');
    const q = vis(g) ? g : document.getElementById('search-q') || g;
    if (q) { ev.preventDefault(); q.focus(); q.select(); }
  }
});

document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
  main.scrollIntoView();
});

window.addEventListener('hashchange', () => route());
route();
