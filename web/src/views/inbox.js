import { h, clear, fmtDate, badge, cableHref, errorBox } from '../dom.js';
import { api } from '../api.js';
import { state, setTitle, announce, refreshUnread } from '../main.js';

// The inbox of the user's post: GET /api/inbox, in the server's order (FLASH
// first, then newest). Opening an entry marks it read.

function precClass(p) {
  const v = String(p || '').toUpperCase();
  if (v === 'FLASH') return 'prec-flash';
  if (v === 'NIACT IMMEDIATE' || v === 'IMMEDIATE') return 'prec-immediate';
  if (v === 'PRIORITY') return 'prec-priority';
  return 'prec-routine';
}

export function precedenceBadge(p) {
  return h('span', { class: `badge prec ${precClass(p)}` }, p || 'ROUTINE');
}

export async function renderInbox(ctx) {
  const { params, main } = ctx;
  const unreadOnly = params.get('unread') === '1';
  setTitle(unreadOnly ? 'Inbox (unread)' : 'Inbox');
  const heading = h('h1', null, 'Inbox');
  main.append(heading);
  if (!state.user || !state.user.post) {
    main.append(h('p', { class: 'notice', role: 'note' }, 'Your account belongs to no post, so it has no inbox. An administrator can set your post.'));
    return;
  }
  const filter = h('input', { type: 'checkbox', id: 'inbox-unread', checked: unreadOnly });
  filter.addEventListener('change', () => { location.hash = filter.checked ? '#/inbox?unread=1' : '#/inbox'; });
  const status = h('p', { id: 'inbox-count', class: 'result-count', role: 'status', 'aria-live': 'polite' }, 'Loading…');
  const box = h('div', { class: 'inbox-box' });
  main.append(
    h('div', { class: 'inbox-tools' },
      h('p', { class: 'muted inbox-post' }, 'Cables delivered to ', h('strong', null, state.user.post), '.'),
      h('label', { class: 'check', for: 'inbox-unread' }, filter, ' Unread only')),
    status, box);

  let res;
  try {
    res = await api('/api/inbox', { params: { unread: unreadOnly ? 1 : 0, limit: 100 } });
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    box.append(errorBox(e));
    return;
  }
  if (!ctx.alive()) return;
  if (res.post) heading.textContent = `Inbox — ${res.post}`;
  const entries = res.entries || [];
  const unread = entries.filter((e) => !e.read).length;
  status.textContent = !entries.length ? (unreadOnly ? 'No unread cables.' : 'No cables.')
    : `${entries.length} cable${entries.length === 1 ? '' : 's'}${unreadOnly ? ' unread' : `, ${unread} unread`}.`;
  if (!entries.length) return;

  const markRead = async (e, read) => {
    await api(`/api/inbox/${encodeURIComponent(e.entry)}/read`, { method: 'POST', body: { read } });
    e.read = read;
    refreshUnread();
  };
  const open = async (e, href) => {
    if (!e.read) {
      try { await markRead(e, true); } catch (err) { if (err.status === 401) return; announce(`Could not mark the cable read: ${err.message}`); }
    }
    location.hash = href;
  };

  const list = h('ol', { class: 'hits inbox-list', 'aria-label': 'Delivered cables' });
  entries.forEach((e, i) => {
    const href = cableHref(e.id, e.origin);
    const head = [precedenceBadge(e.precedence), ' ',
      h('span', { class: ['badge', 'role-badge', e.action ? 'role-action' : 'role-info'] }, e.action ? 'ACTION' : 'INFO'), ' ',
      e.classification && !e.withheld ? [badge(e.classification), ' '] : null];
    let title;
    if (e.withheld) {
      title = h('span', { class: 'hit-link withheld-entry' },
        e.read ? null : h('span', { class: 'sr-only' }, 'Unread: '),
        e.id ? [h('span', { class: 'hit-id' }, e.id), ' '] : null,
        h('span', { class: 'withheld-subject' }, '[withheld — above your clearance]'));
    } else {
      title = h('a', {
        class: 'hit-link', href, dataset: { index: i },
        onclick: (ev) => { if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return; ev.preventDefault(); open(e, href); },
      },
      e.read ? null : h('span', { class: 'sr-only' }, 'Unread: '),
      h('span', { class: 'hit-id' }, e.id), ' ',
      e.subject == null ? h('span', { class: 'withheld-subject' }, '[subject withheld]') : h('span', { class: 'hit-subject' }, e.subject));
    }
    // withheld entries can be marked read too: that shows nothing of them
    const toggle = h('button', {
      type: 'button', class: 'btn small inbox-toggle',
      'aria-label': `Mark ${e.id || 'this cable'} as ${e.read ? 'unread' : 'read'}`,
      onclick: async () => {
        try {
          await markRead(e, !e.read);
          li.classList.toggle('unread', !e.read);
          toggle.textContent = e.read ? 'Mark unread' : 'Mark read';
          toggle.setAttribute('aria-label', `Mark ${e.id || 'this cable'} as ${e.read ? 'unread' : 'read'}`);
          const sr = title.querySelector('.sr-only');
          if (!e.read && !sr) title.prepend(h('span', { class: 'sr-only' }, 'Unread: '));
          if (e.read && sr) sr.remove();
          announce(`${e.id || 'The cable'} marked ${e.read ? 'read' : 'unread'}.`);
        } catch (err) { announce(err.message); }
      },
    }, e.read ? 'Mark unread' : 'Mark read');
    const li = h('li', {
      class: ['hit', 'inbox-entry', !e.read && 'unread', e.withheld && 'withheld'],
      dataset: { index: i, entry: e.entry, precedence: e.precedence || '', id: e.id || '' },
    },
    h('div', { class: 'hit-head' }, head, h('h2', { class: 'hit-title' }, title)),
    h('p', { class: 'hit-meta' },
      h('time', { datetime: e.delivered || '' }, fmtDate(e.delivered)),
      e.from ? [' · from ', e.from] : null,
      e.origin && !e.withheld ? [' · ', e.origin] : null,
      ' ', toggle));
    list.append(li);
  });
  box.append(
    h('p', { class: 'kbd-hint muted' }, 'Keys: ', h('kbd', null, 'j'), '/', h('kbd', null, 'k'), ' move, ', h('kbd', null, 'o'), ' or ', h('kbd', null, 'Enter'), ' open.'),
    list);

  // j/k/o through the entries that can be opened
  let sel = -1;
  const items = () => [...list.querySelectorAll('li.inbox-entry')].filter((li) => li.querySelector('a.hit-link'));
  const select = (i) => {
    const li = items();
    if (!li.length) return;
    sel = Math.max(0, Math.min(li.length - 1, i));
    list.querySelectorAll('li.inbox-entry').forEach((el) => el.classList.remove('selected'));
    li[sel].classList.add('selected');
    li[sel].querySelector('a.hit-link').focus();
    li[sel].scrollIntoView({ block: 'nearest' });
  };
  list.addEventListener('focusin', (ev) => {
    const li = ev.target.closest('li.inbox-entry');
    const idx = items().indexOf(li);
    if (idx >= 0) { sel = idx; list.querySelectorAll('li.inbox-entry').forEach((el) => el.classList.toggle('selected', el === li)); }
  });
  const onKey = (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (ev.key === 'j') { ev.preventDefault(); select(sel + 1); }
    else if (ev.key === 'k') { ev.preventDefault(); select(sel < 0 ? 0 : sel - 1); }
    else if ((ev.key === 'o' || (ev.key === 'Enter' && !(t && t.closest && t.closest('a,button')))) && sel >= 0) {
      ev.preventDefault();
      items()[sel].querySelector('a.hit-link').click();
    }
  };
  document.addEventListener('keydown', onKey);
  ctx.setCleanup(() => document.removeEventListener('keydown', onKey));
}
