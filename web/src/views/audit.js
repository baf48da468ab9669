import { h, clear, fmtDate, errorBox } from '../dom.js';
import { api } from '../api.js';
import { state, setTitle } from '../main.js';

export async function renderAudit(ctx) {
  const { main, params } = ctx;
  setTitle('Audit log');
  main.append(h('h1', null, 'Audit log'));
  if (!state.user || state.user.role !== 'auditor') {
    main.append(h('p', { class: 'error', role: 'alert' }, 'Only auditors may read the audit log.'));
    return;
  }
  const fields = ['reader', 'action', 'target', 'since', 'until'];
  const inputs = Object.fromEntries(fields.map((k) => [k, h('input', { id: `a-${k}`, value: params.get(k) || '', placeholder: k === 'since' || k === 'until' ? 'YYYY-MM-DD' : '' })]));
  const verifyOut = h('div', { class: 'verify-out', role: 'status', 'aria-live': 'polite' });
  const verifyBtn = h('button', {
    type: 'button', class: 'btn', onclick: async () => {
      verifyBtn.disabled = true;
      clear(verifyOut).append('Verifying…');
      try {
        const v = await api('/api/audit/verify');
        clear(verifyOut).append(h('p', { class: v.ok ? 'ok' : 'error' },
          v.ok ? `The log is intact: ${v.entries} entries, head ` : `The log has a problem: ${v.problem || 'unknown'} (${v.entries} entries, head `,
          h('code', null, v.head || ''), ').'));
      } catch (e) { clear(verifyOut).append(errorBox(e)); }
      verifyBtn.disabled = false;
    },
  }, 'Verify the log');
  const form = h('form', {
    class: 'audit-form', 'aria-label': 'Filter the audit log',
    onsubmit: (ev) => {
      ev.preventDefault();
      const p = new URLSearchParams();
      for (const k of fields) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
      location.hash = '#/audit' + (p.toString() ? '?' + p : '');
    },
  }, h('div', { class: 'form-grid' }, fields.map((k) => h('div', { class: 'field' }, h('label', { for: `a-${k}` }, k[0].toUpperCase() + k.slice(1)), inputs[k]))),
  h('button', { type: 'submit', class: 'btn primary' }, 'Filter'), ' ', verifyBtn);
  const box = h('div', { class: 'table-wrap' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(form, verifyOut, box);
  const q = { limit: 100 };
  for (const k of fields) if (params.get(k)) q[k] = params.get(k);
  const r = await api('/api/audit', { params: q });
  if (!ctx.alive()) return;
  const entries = r.entries || [];
  clear(box).append(h('p', { role: 'status' }, `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (most recent first).`),
    h('table', { class: 'plain audit-table' },
      h('caption', { class: 'sr-only' }, 'Audit entries'),
      h('thead', null, h('tr', null, ['#', 'Time', 'Reader', 'Action', 'Target', 'Portions', 'Hash'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, entries.map((e) => h('tr', null,
        h('td', null, String(e.seq)), h('td', null, fmtDate(e.time)), h('td', null, e.reader || ''), h('td', null, e.action || ''),
        h('td', { class: 'wrap' }, e.target || ''), h('td', { class: 'wrap' }, Array.isArray(e.portions) ? e.portions.join(', ') : String(e.portions ?? '')),
        h('td', null, h('code', null, String(e.hash || '').slice(0, 12))))))));
}
