import { h } from '../dom.js';
import { api } from '../api.js';
import { setTitle } from '../main.js';

function table(id, title, rows, field) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  return h('section', { class: 'stat card', 'aria-labelledby': id },
    h('h2', { id }, title),
    h('table', { class: 'plain stat-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, title), h('th', { scope: 'col', class: 'num' }, 'Cables'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Share')))),
      h('tbody', null, rows.map(([k, n]) => {
        const bar = h('span', { class: 'bar' });
        bar.style.width = `${Math.round((n / max) * 100)}%`;
        const term = field ? `${field}:${/\s/.test(String(k)) ? '"' + k + '"' : k}` : null;
        return h('tr', null,
          h('th', { scope: 'row' }, term ? h('a', { href: `#/search?f=${encodeURIComponent(term)}` }, String(k)) : String(k)),
          h('td', { class: 'num' }, Number(n).toLocaleString('en')),
          h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, bar));
      }))));
}

export async function renderStats({ main, alive }) {
  setTitle('Statistics');
  const s = await api('/api/stats');
  if (!alive()) return;
  const norm = (x) => (Array.isArray(x) ? x : Object.entries(x || {}));
  main.append(
    h('h1', null, 'Statistics'),
    h('p', { class: 'lead' }, `${Number(s.cables || 0).toLocaleString('en')} cables, ${Number(s.versions || 0).toLocaleString('en')} versions you may see.`),
    h('div', { class: 'stats-grid' },
      table('st-year', 'Year', norm(s.by_year), 'year'),
      table('st-class', 'Classification', norm(s.by_classification), 'class'),
      table('st-origin', 'Origin', norm(s.by_origin), 'origin'),
      table('st-tag', 'Tag', norm(s.by_tag), 'tag')));
}
