import { h, clear, fmtDate, errorBox } from '../dom.js';
import { api } from '../api.js';
import { state, setTitle, announce } from '../main.js';

const ROLES = ['reader', 'officer', 'admin', 'auditor'];
const LEVELS = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];

export async function renderUsers(ctx) {
  const { main } = ctx;
  setTitle('Users');
  main.append(h('h1', null, 'Users'));
  if (!state.user || state.user.role !== 'admin') {
    main.append(h('p', { class: 'error', role: 'alert' }, 'Only administrators may manage users.'));
    return;
  }
  const tableBox = h('div', { class: 'table-wrap' });
  const msg = h('div', { class: 'form-msg', role: 'status', 'aria-live': 'polite' });
  const load = async () => {
    const r = await api('/api/users');
    if (!ctx.alive()) return;
    clear(tableBox).append(h('table', { class: 'plain users-table' },
      h('caption', { class: 'sr-only' }, 'Users'),
      h('thead', null, h('tr', null, ['Name', 'Role', 'Clearance', 'Nationality', 'Groups', 'Post', 'Status', 'Created', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, (r.users || []).map((u) => h('tr', null,
        h('th', { scope: 'row' }, u.name), h('td', null, u.role), h('td', null, u.clearance), h('td', null, u.nationality || ''),
        h('td', null, (u.groups || []).join(', ')), h('td', null, u.post || ''), h('td', null, u.disabled ? 'disabled' : 'active'),
        h('td', null, fmtDate(u.created)),
        h('td', null,
          h('button', { type: 'button', class: 'btn small', onclick: () => act(() => api(`/api/users/${encodeURIComponent(u.name)}`, { method: 'PATCH', body: { disabled: !u.disabled } }), `${u.name} ${u.disabled ? 'enabled' : 'disabled'}.`) }, u.disabled ? 'Enable' : 'Disable'), ' ',
          u.name === state.user.name ? null : h('button', { type: 'button', class: 'btn small danger', onclick: () => { if (window.confirm(`Remove user ${u.name}?`)) act(() => api(`/api/users/${encodeURIComponent(u.name)}`, { method: 'DELETE' }), `${u.name} removed.`); } }, 'Remove')))))));
  };
  const act = async (fn, ok) => {
    msg.textContent = '';
    try { await fn(); msg.textContent = ok; announce(ok); await load(); } catch (e) { clear(msg).append(errorBox(e)); }
  };
  const f = (idn, label, el) => h('div', { class: 'field' }, h('label', { for: idn }, label), el);
  const inp = (idn, attrs = {}) => h('input', { id: idn, ...attrs });
  const sel = (idn, opts, def) => h('select', { id: idn }, opts.map((o) => h('option', { value: o, selected: o === def }, o)));
  const name = inp('u-name', { required: true, autocomplete: 'off' });
  const pw = inp('u-password', { type: 'password', required: true, autocomplete: 'new-password' });
  const role = sel('u-role', ROLES, 'reader');
  const clr = sel('u-clearance', LEVELS, 'UNCLASSIFIED');
  const nat = inp('u-nationality', { value: 'USA', maxlength: 3, size: 4 });
  const groups = inp('u-groups', { placeholder: 'comma separated' });
  const post = inp('u-post');
  const form = h('form', {
    class: 'card user-form', 'aria-labelledby': 'add-user-title',
    onsubmit: (ev) => {
      ev.preventDefault();
      const body = { name: name.value.trim(), password: pw.value, role: role.value, clearance: clr.value, nationality: nat.value.trim().toUpperCase(),
        groups: groups.value.split(',').map((g) => g.trim()).filter(Boolean), post: post.value.trim() || null };
      act(async () => { await api('/api/users', { method: 'POST', body }); form.reset(); }, `User ${body.name} added.`);
    },
  }, h('h2', { id: 'add-user-title' }, 'Add a user'),
  h('div', { class: 'form-grid' }, f('u-name', 'Name', name), f('u-password', 'Password', pw), f('u-role', 'Role', role),
    f('u-clearance', 'Clearance', clr), f('u-nationality', 'Nationality (ISO alpha-3)', nat), f('u-groups', 'Groups', groups), f('u-post', 'Post', post)),
  h('button', { type: 'submit', class: 'btn primary' }, 'Add user'));
  main.append(msg, tableBox, form);
  try { await load(); } catch (e) { if (ctx.alive()) tableBox.append(errorBox(e)); }
}
