import { h } from './dom.js';

// Parse a unified diff into rows of [left, right] cells for a side-by-side view.
export function parseUnified(text) {
  const rows = [];
  let del = [], add = [], oldNo = 0, newNo = 0;
  const flush = () => {
    const n = Math.max(del.length, add.length);
    for (let i = 0; i < n; i++) rows.push({ type: 'change', left: del[i] || null, right: add[i] || null });
    del = []; add = [];
  };
  for (const line of String(text).split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++') || line.startsWith('diff ') || line.startsWith('index ')) { flush(); continue; }
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(line);
    if (m) { flush(); oldNo = +m[1]; newNo = +m[2]; rows.push({ type: 'hunk', text: line }); continue; }
    if (line.startsWith('-')) del.push({ no: oldNo++, text: line.slice(1) });
    else if (line.startsWith('+')) add.push({ no: newNo++, text: line.slice(1) });
    else if (line.startsWith('\\')) continue;
    else {
      flush();
      if (line === '' && !rows.length) continue;
      const t = line.startsWith(' ') ? line.slice(1) : line;
      rows.push({ type: 'same', left: { no: oldNo++, text: t }, right: { no: newNo++, text: t } });
    }
  }
  flush();
  // drop a trailing empty context row made by the final newline
  while (rows.length && rows[rows.length - 1].type === 'same' && rows[rows.length - 1].left.text === '') rows.pop();
  return rows;
}

export function sideBySide(text, leftTitle, rightTitle) {
  const rows = parseUnified(text);
  if (!rows.some((r) => r.type === 'change')) return h('p', { class: 'notice' }, 'The two versions have the same text.');
  const cell = (c, side, type) => {
    if (!c) return [h('td', { class: 'ln' }), h('td', { class: `code empty` })];
    const cls = type === 'change' ? (side === 'l' ? 'del' : 'add') : '';
    return [h('td', { class: 'ln' }, String(c.no)), h('td', { class: `code ${cls}` },
      cls ? h('span', { class: 'sr-only' }, side === 'l' ? 'removed: ' : 'added: ') : null, c.text)];
  };
  return h('div', { class: 'diff-wrap' }, h('table', { class: 'diff' },
    h('caption', { class: 'sr-only' }, `Differences between ${leftTitle} (left, removed lines) and ${rightTitle} (right, added lines)`),
    h('colgroup', null, h('col', { class: 'c-ln' }), h('col', { class: 'c-code' }), h('col', { class: 'c-ln' }), h('col', { class: 'c-code' })),
    h('thead', null, h('tr', null, h('th', { scope: 'col', colspan: 2 }, leftTitle), h('th', { scope: 'col', colspan: 2 }, rightTitle))),
    h('tbody', null, rows.map((r) => r.type === 'hunk'
      ? h('tr', { class: 'hunk' }, h('td', { colspan: 4 }, r.text))
      : h('tr', { class: r.type }, cell(r.left, 'l', r.type), cell(r.right, 'r', r.type))))));
}
