import { h, svg, clear, snippetNode, fmtDate, badge, cableHref, errorBox } from '../dom.js';
import { api } from '../api.js';
import { announce, setTitle } from '../main.js';

const PAGE = 20;
const FACETS = [['tag', 'Tag'], ['origin', 'Origin'], ['year', 'Year'], ['class', 'Classification']];

// Filters in the f= parameter: field:value items separated by commas; values with
// spaces or commas are quoted.
export function splitFilters(s) {
  const out = [];
  let cur = '', q = false;
  for (const ch of s || '') {
    if (ch === '"') q = !q;
    if (ch === ',' && !q) { if (cur.trim()) out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function filterTerm(field, value) {
  const v = String(value);
  return `${field}:${/[\s,"()]/.test(v) ? '"' + v.replace(/"/g, '') + '"' : v}`;
}

export function fullQuery(q, filters) {
  q = (q || '').trim();
  if (q && filters.length && /\b(OR|XOR)\b/.test(q)) q = `(${q})`;
  return [q, ...filters].filter(Boolean).join(' ');
}

function hrefWith(params, changes) {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') p.delete(k); else p.set(k, v);
  }
  const s = p.toString();
  return '#/search' + (s ? '?' + s : '');
}

const HELP = [
  ['iran nuclear', 'both words, anywhere in the cable'],
  ['"nuclear program"', 'the exact phrase'],
  ['iran OR iraq', 'either word (operators in upper case)'],
  ['iran NOT iraq', 'iran, without iraq; also -iraq'],
  ['iran NEAR sanctions', 'within 10 words (NEAR/3: within 3); ADJ keeps the order'],
  ['sanction*', 'words starting with "sanction"'],
  ['(iran OR iraq) AND nuclear', 'parentheses group'],
  ['id:07TELAVIV557', 'one cable; id:07TELAVIV* for a prefix'],
  ['tag:PREL', 'a TAGS entry'],
  ['origin:"Tel Aviv"', 'the sending post'],
  ['from:amembassy  to:secstate  info:usun', 'FM, TO and INFO lines'],
  ['class:secret  class:"top secret"', 'the classification level'],
  ['handling:noforn', 'a handling caption (nf, fouo, sbu)'],
  ['subject:sanctions', 'words in the SUBJECT line'],
  ['ref:07TELAVIV553', 'cables citing this cable'],
  ['date:2007-01..2007-03', 'sent in a day, month, year or range'],
  ['year:2009  year:2007..2009', 'sent in a year or range of years'],
];

function syntaxHelp() {
  return h('details', { class: 'syntax-help' },
    h('summary', null, 'Query syntax'),
    h('table', { class: 'plain' },
      h('caption', { class: 'sr-only' }, 'Query language examples'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Query'), h('th', { scope: 'col' }, 'Finds'))),
      h('tbody', null, HELP.map(([q, d]) => h('tr', null, h('td', null, h('code', null, q)), h('td', null, d))))),
    h('p', null, 'Field names are lower case with no space after the colon; an empty query matches every cable.'));
}

export async function renderSearch(ctx) {
  const { params, main } = ctx;
  const q = params.get('q') || '';
  const sort = ['relevance', 'newest', 'oldest'].includes(params.get('sort')) ? params.get('sort') : 'relevance';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const filters = splitFilters(params.get('f'));
  const query = fullQuery(q, filters);
  setTitle(q || filters.length ? `Search: ${query}` : 'Search');

  // Controls
  const qInput = h('input', { id: 'search-q', type: 'search', value: q, autocomplete: 'off', spellcheck: 'false', placeholder: 'words, "phrases", fields like tag:PREL' });
  const sortSel = h('select', { id: 'search-sort' },
    [['relevance', 'Relevance'], ['newest', 'Newest first'], ['oldest', 'Oldest first']].map(([v, l]) =>
      h('option', { value: v, selected: v === sort }, l)));
  const go = (changes) => { location.hash = hrefWith(params, { page: null, ...changes }); };
  sortSel.addEventListener('change', () => go({ sort: sortSel.value === 'relevance' ? null : sortSel.value }));
  const form = h('form', {
    class: 'search-form', role: 'search', 'aria-label': 'Refine the search',
    onsubmit: (ev) => { ev.preventDefault(); go({ q: qInput.value.trim() || null }); },
  },
  h('div', { class: 'field grow' }, h('label', { for: 'search-q' }, 'Query'), qInput),
  h('div', { class: 'field' }, h('label', { for: 'search-sort' }, 'Sort by'), sortSel),
  h('button', { type: 'submit', class: 'btn primary' }, 'Search'));

  const chips = filters.length ? h('div', { class: 'chips', role: 'group', 'aria-label': 'Active filters' },
    h('span', { class: 'chips-label' }, 'Filters:'),
    filters.map((f) => h('a', {
      class: 'chip', href: hrefWith(params, { f: filters.filter((x) => x !== f).join(',') || null, page: null }),
      'aria-label': `Remove filter ${f}`,
    }, f, h('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×'))),
    h('a', { class: 'chip-clear', href: hrefWith(params, { f: null, page: null }) }, 'Clear all')) : null;

  const status = h('p', { id: 'result-count', class: 'result-count', role: 'status', 'aria-live': 'polite' }, 'Searching…');
  const facetsBox = h('div', { class: 'facets-body' });
  const facetDetails = h('details', { class: 'facets', open: window.matchMedia('(min-width: 800px)').matches },
    h('summary', null, 'Filters'), facetsBox);
  const timelineBox = h('section', { class: 'timeline', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title', class: 'h3' }, 'Cables per month'), h('p', { class: 'muted' }, 'Loading…'));
  const resultsBox = h('section', { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title', class: 'sr-only' }, 'Results'), status);

  main.append(
    h('h1', { class: 'sr-only' }, 'Search'),
    h('div', { class: 'search-top' }, form, syntaxHelp(), chips),
    h('div', { class: 'search-layout' },
      h('aside', { class: 'facets-col', 'aria-label': 'Filters' }, facetDetails),
      h('div', { class: 'results-col' }, timelineBox, resultsBox)));

  // Timeline in parallel with the search.
  api('/api/timeline', { params: { q: query } }).then((t) => {
    if (ctx.alive()) renderTimeline(timelineBox, t.months || [], params, filters);
  }).catch((e) => {
    if (!ctx.alive()) return;
    clear(timelineBox).append(h('h2', { class: 'h3' }, 'Cables per month'), errorBox(e));
  });

  let res;
  try {
    res = await api('/api/search', { params: { q: query, sort, offset: (page - 1) * PAGE, limit: PAGE, facets: 'tag,origin,year,class', snippets: 1 } });
  } catch (e) {
    if (!ctx.alive()) return;
    status.textContent = '';
    resultsBox.append(errorBox(e));
    clear(facetsBox).append(h('p', { class: 'muted' }, 'No filters.'));
    announce(e.message);
    return;
  }
  if (!ctx.alive()) return;

  // Facets
  clear(facetsBox);
  for (const [key, label] of FACETS) {
    const vals = (res.facets && res.facets[key]) || [];
    if (!vals.length) continue;
    const sorted = key === 'year' ? [...vals].sort((a, b) => String(b[0]).localeCompare(String(a[0]))) : vals;
    facetsBox.append(h('section', { class: 'facet', 'aria-labelledby': `facet-${key}` },
      h('h2', { id: `facet-${key}`, class: 'h3' }, label),
      h('ul', null, sorted.slice(0, 30).map(([v, n]) => {
        const term = filterTerm(key, v);
        const active = filters.includes(term);
        return h('li', null, h('a', {
          class: ['facet-link', active && 'active'],
          href: active ? hrefWith(params, { f: filters.filter((x) => x !== term).join(',') || null, page: null })
            : hrefWith(params, { f: [...filters, term].join(','), page: null }),
          'aria-current': active ? 'true' : null,
          'aria-label': `${active ? 'Remove' : 'Add'} filter ${label} ${v}, ${n} cables`,
          dataset: { term },
        }, h('span', { class: 'facet-v' }, String(v)), h('span', { class: 'facet-n' }, String(n))));
      }))));
  }
  if (!facetsBox.firstChild) facetsBox.append(h('p', { class: 'muted' }, 'No filters for these results.'));

  // Count
  const total = res.total || 0;
  const exact = res.total_exact !== false;
  const countText = total === 0 ? 'No cables match.' :
    `${exact ? '' : 'At least '}${total.toLocaleString('en')} cable${total === 1 ? '' : 's'} match${total === 1 && exact ? 'es' : ''}` +
    (total > PAGE ? ` — showing ${res.offset + 1}–${res.offset + res.hits.length}` : '') + '.';
  status.textContent = countText;

  // Hits
  const list = h('ol', { class: 'hits', start: (res.offset || 0) + 1, 'aria-label': 'Search results' });
  res.hits.forEach((hit, i) => {
    const link = h('a', { class: 'hit-link', href: cableHref(hit.id, hit.origin), dataset: { index: i } },
      h('span', { class: 'hit-id' }, hit.id), ' ',
      hit.subject == null ? h('span', { class: 'withheld-subject' }, '[subject withheld]') : h('span', { class: 'hit-subject' }, hit.subject));
    list.append(h('li', { class: 'hit', dataset: { index: i } },
      h('div', { class: 'hit-head' }, badge(hit.classification), h('h3', { class: 'hit-title' }, link)),
      h('p', { class: 'hit-meta' },
        h('time', { datetime: hit.created || '' }, fmtDate(hit.created)), ' · ', hit.origin || 'origin unknown',
        hit.tags && hit.tags.length ? [' · ', h('span', { class: 'tags' }, hit.tags.map((t) => h('span', { class: 'tag' }, t)))] : null),
      hit.snippet ? snippetNode(hit.snippet) : null));
  });
  if (res.hits.length) resultsBox.append(
    h('p', { class: 'kbd-hint muted' }, 'Keys: ', h('kbd', null, 'j'), '/', h('kbd', null, 'k'), ' move, ', h('kbd', null, 'o'), ' or ', h('kbd', null, 'Enter'), ' open, ', h('kbd', null, '/'), ' search.'),
    list);

  // Paging
  const pages = Math.ceil(total / PAGE);
  if (page > 1 || res.hits.length === PAGE && (page < pages || !exact)) {
    const hasNext = exact ? page < pages : res.hits.length === PAGE;
    resultsBox.append(h('nav', { class: 'pager', 'aria-label': 'Result pages' },
      page > 1 ? h('a', { class: 'btn', href: hrefWith(params, { page: page - 1 > 1 ? page - 1 : null }), rel: 'prev' }, '← Previous') : h('span'),
      h('span', { class: 'pager-pos' }, exact ? `Page ${page} of ${Math.max(pages, 1)}` : `Page ${page}`),
      hasNext ? h('a', { class: 'btn', href: hrefWith(params, { page: page + 1 }), rel: 'next' }, 'Next →') : h('span')));
  }

  // j/k/o keyboard navigation through the hits
  let sel = -1;
  const items = () => [...list.querySelectorAll('li.hit')];
  const select = (i) => {
    const li = items();
    if (!li.length) return;
    sel = Math.max(0, Math.min(li.length - 1, i));
    li.forEach((el, j) => el.classList.toggle('selected', j === sel));
    const a = li[sel].querySelector('a.hit-link');
    a.focus();
    li[sel].scrollIntoView({ block: 'nearest' });
  };
  list.addEventListener('focusin', (ev) => {
    const li = ev.target.closest('li.hit');
    if (li) { sel = Number(li.dataset.index); items().forEach((el, j) => el.classList.toggle('selected', j === sel)); }
  });
  const onKey = (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (ev.key === 'j') { ev.preventDefault(); select(sel + 1); }
    else if (ev.key === 'k') { ev.preventDefault(); select(sel < 0 ? 0 : sel - 1); }
    else if ((ev.key === 'o' || (ev.key === 'Enter' && !(t && t.closest && t.closest('a,button')))) && sel >= 0) {
      ev.preventDefault();
      const a = items()[sel].querySelector('a.hit-link');
      location.hash = a.getAttribute('href');
    }
  };
  document.addEventListener('keydown', onKey);
  ctx.setCleanup(() => document.removeEventListener('keydown', onKey));
}

function renderTimeline(box, months, params, filters) {
  clear(box);
  box.append(h('h2', { id: 'timeline-title', class: 'h3' }, 'Cables per month'));
  if (!months.length) { box.append(h('p', { class: 'muted' }, 'No dated cables.')); return; }
  months = fillMonths(months);
  const max = Math.max(...months.map((m) => m[1]), 1);
  const n = months.length;
  const W = 600, H = 80, gap = n > 120 ? 0 : 1;
  const bw = W / n;
  const total = months.reduce((s, m) => s + m[1], 0);
  const desc = `${total} cables from ${months[0][0]} to ${months[n - 1][0]}; the busiest month has ${max}.`;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H + 14}`, class: 'timeline-svg', role: 'img', 'aria-labelledby': 'tl-title tl-desc', preserveAspectRatio: 'none' },
    svg('title', { id: 'tl-title' }, 'Timeline of matching cables per month'),
    svg('desc', { id: 'tl-desc' }, desc));
  months.forEach(([m, c], i) => {
    const bh = c ? Math.max(2, (c / max) * H) : 0;
    const term = `date:${m}`;
    const a = svg('a', { href: hrefWith(params, { f: [...filters.filter((f) => !f.startsWith('date:')), term].join(','), page: null }), 'aria-label': `${m}: ${c} cable${c === 1 ? '' : 's'}`, tabindex: n > 36 || !c ? '-1' : null },
      svg('title', null, `${m}: ${c} cable${c === 1 ? '' : 's'}`),
      svg('rect', { x: i * bw, y: 0, width: Math.max(bw - gap, 0.5), height: H, class: 'tl-hit' }),
      svg('rect', { x: i * bw, y: H - bh, width: Math.max(bw - gap, 0.5), height: bh, class: 'tl-bar' }));
    chart.append(a);
  });
  chart.append(svg('line', { x1: 0, y1: H + 0.5, x2: W, y2: H + 0.5, class: 'tl-axis' }));
  box.append(chart, h('p', { class: 'timeline-range muted' },
    h('span', null, months[0][0]), h('span', null, desc), h('span', null, months[n - 1][0])));
}

// Months with no cable are left out by the API; draw them as empty bars so that the
// x axis is time.
function fillMonths(months) {
  const parse = (m) => { const [y, mo] = String(m).split('-').map(Number); return y * 12 + (mo - 1); };
  const first = parse(months[0][0]), last = parse(months[months.length - 1][0]);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first || last - first > 2400) return months;
  const counts = new Map(months.map(([m, c]) => [parse(m), c]));
  const out = [];
  for (let k = first; k <= last; k++) {
    out.push([`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`, counts.get(k) || 0]);
  }
  return out;
}
