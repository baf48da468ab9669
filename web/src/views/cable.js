import { h, clear, fmtDate, levelOf, cableHref, errorBox } from '../dom.js';
import { api } from '../api.js';
import { setTitle } from '../main.js';
import { sideBySide } from '../diff.js';

function banner(overall, where) {
  return h('div', { class: `banner lvl-${levelOf(overall)}`, role: 'note', 'aria-label': `Classification (${where}): ${overall || 'unmarked'}` }, overall || 'UNMARKED');
}

function recipients(list) {
  return (list || []).map((r) => [r.route ? r.route + '/' : '', r.name || '', r.precedence ? ' ' + r.precedence : '', r.mcn ? ' ' + r.mcn : '',
    r.excluded && r.excluded.length ? ` (XMT ${r.excluded.join(', ')})` : ''].join(''));
}

function hdrRow(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
  const vals = Array.isArray(value) ? value : [value];
  return h('div', { class: 'hdr-row' }, h('dt', null, label), h('dd', null, vals.map((v) => h('div', null, v))));
}

function markClass(marking) {
  return `pmark lvl-${levelOf({ U: 'UNCLASSIFIED', C: 'CONFIDENTIAL', S: 'SECRET', TS: 'TOP SECRET' }[String(marking || '').toUpperCase().split(/[/ ]/)[0]] || (String(marking || '').toUpperCase().startsWith('SBU') ? 'UNCLASSIFIED' : ''))}`;
}

function textBlocks(text) {
  return String(text).split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean)
    .map((b) => h('p', null, b.replace(/\s*\n\s*/g, ' ')));
}

export async function renderCable(ctx) {
  const { parts, params, main } = ctx;
  const id = parts[1] || '';
  const origin = params.get('origin') || undefined;
  const version = params.get('version') || undefined;
  setTitle(id);
  main.append(h('p', { class: 'loading', role: 'status' }, `Loading ${id}…`));
  let cable;
  try {
    cable = await api(`/api/cables/${encodeURIComponent(id)}`, { params: { origin, version } });
  } catch (e) {
    if (!ctx.alive()) return;
    clear(main);
    if (e.status === 409 && Array.isArray(e.detail.origins)) {
      main.append(h('h1', null, id),
        h('div', { class: 'notice', role: 'alert' }, e.message),
        h('p', null, 'This id names cables from several origins. Choose one:'),
        h('ul', { class: 'origin-chooser' }, e.detail.origins.map((o) =>
          h('li', null, h('a', { href: cableHref(id, o, { version }) }, o)))));
      return;
    }
    main.append(h('h1', null, id), errorBox(e), h('p', null, h('a', { href: '#/search' }, 'Back to search')));
    return;
  }
  if (!ctx.alive()) return;
  const rec = cable.record || {};
  const org = cable.origin || rec.origin;
  const refsP = api(`/api/cables/${encodeURIComponent(id)}/refs`, { params: { origin: org } }).catch((e) => e);
  const versP = api(`/api/cables/${encodeURIComponent(id)}/versions`, { params: { origin: org } }).catch((e) => e);

  const portions = cable.portions || [];
  const withheldPara = new Set(portions.filter((p) => p.kind === 'paragraph' && p.withheld).map((p) => String(p.number)));
  const subjectPortion = portions.find((p) => p.kind === 'subject');
  const subjectWithheld = rec.subject == null && (!subjectPortion || subjectPortion.withheld);
  const linkBase = { version: version || null };

  clear(main);
  setTitle(`${cable.id || id}${rec.subject ? ' — ' + rec.subject : ''}`);
  const refsList = h('ul', { class: 'ref-list' }, h('li', { class: 'muted' }, 'Loading…'));
  const citedBy = h('div', { class: 'cited-by' }, h('p', { class: 'muted' }, 'Loading…'));
  const versionsBox = h('div', { class: 'versions' }, h('p', { class: 'muted' }, 'Loading…'));
  const diffBox = h('section', { id: 'diff', class: 'diff-section', 'aria-labelledby': 'diff-title', tabindex: '-1' });

  const hdr = h('dl', { class: 'telegram-header' },
    hdrRow('PRECEDENCE', rec.precedence),
    hdrRow('DTG', fmtDate(rec.created)),
    hdrRow('FM', rec.from),
    hdrRow('TO', recipients(rec.to)),
    hdrRow('INFO', recipients(rec.info)),
    hdrRow('CLASSIFIED BY', rec.classified_by),
    hdrRow('REASONS', (rec.reasons || []).join(', ')),
    hdrRow('DECL', rec.declassify_on),
    hdrRow('HANDLING', (rec.handling || []).join(' ')),
    hdrRow('TAGS', (rec.tags || []).join(', ')),
    h('div', { class: 'hdr-row' }, h('dt', null, 'SUBJECT'),
      h('dd', null, subjectWithheld ? h('span', { class: 'withheld-inline' },
        `[subject withheld${subjectPortion && subjectPortion.marking ? ': ' + subjectPortion.marking : ''}]`) : (rec.subject || '—'))),
    (rec.references || []).length ? h('div', { class: 'hdr-row' }, h('dt', null, 'REF'),
      h('dd', { id: 'hdr-refs' }, rec.references.map((r) => h('div', { class: 'ref-line', dataset: { ref: r.id || '' } },
        r.bullet ? `${String(r.bullet).toUpperCase()}. ` : '', r.text || r.id || '')))) : null);

  // Paragraphs
  const paras = rec.paragraphs || [];
  const body = h('div', { class: 'telegram-body' });
  const vparams = (p) => cableHref(cable.id || id, org, { ...linkBase, p });
  if (paras.length) {
    for (const p of paras) {
      const num = String(p.number);
      const pid = `p${num}`;
      const mark = p.marking ? h('span', { class: markClass(p.marking) }, `(${p.marking})`) : null;
      const withheld = withheldPara.has(num) || (p.text === '' && portions.some((x) => x.kind === 'paragraph' && String(x.number) === num && x.withheld));
      const anchor = h('a', { class: 'pnum', href: vparams(pid), 'aria-label': `Paragraph ${num}, link` }, `¶${num}.`);
      if (withheld) {
        body.append(h('section', { id: pid, class: 'para withheld', tabindex: '-1', dataset: { para: num, withheld: 'true' } },
          h('p', null, anchor, ' ', mark, ' ', h('span', { class: 'withheld-text' }, '[withheld — above your clearance]'))));
      } else {
        const blocks = textBlocks(p.text || '');
        const first = blocks.shift() || h('p');
        first.prepend(anchor, ' ', mark || '', mark ? ' ' : '');
        body.append(h('section', { id: pid, class: 'para', tabindex: '-1', dataset: { para: num } }, first, blocks));
      }
    }
  } else if (rec.body) {
    body.append(h('pre', { class: 'plain-body' }, rec.body));
  } else {
    body.append(h('p', { class: 'muted' }, 'No text.'));
  }

  const verLabel = cable.versions && cable.versions.length > 1 ? ` (version ${cable.version} of ${cable.versions.length})` : '';
  main.append(
    banner(cable.overall, 'top'),
    h('article', { class: 'cable', 'aria-labelledby': 'cable-title' },
      h('header', { class: 'cable-head' },
        h('h1', { id: 'cable-title' }, h('span', { class: 'cable-id' }, cable.id || id), ' ',
          subjectWithheld ? h('span', { class: 'withheld-subject' }, '[subject withheld]') : h('span', { class: 'cable-subject' }, rec.subject || '')),
        h('p', { class: 'cable-meta' }, org || '', ' · ', fmtDate(rec.created), verLabel,
          cable.redacted ? [' · ', h('span', { class: 'redacted-flag' }, 'Redacted for your clearance')] : null),
        h('p', { class: 'cable-actions' },
          h('a', { class: 'btn', href: `#/graph/${encodeURIComponent(cable.id || id)}` }, 'Reference graph'),
          h('button', { type: 'button', class: 'btn', onclick: (ev) => { ev.preventDefault(); versionsBox.scrollIntoView(); const s = versionsBox.querySelector('select'); if (s) s.focus(); } }, 'Versions'))),
      hdr,
      body,
      rec.body && paras.length ? h('details', { class: 'full-text' }, h('summary', null, 'Full text as filed'), h('pre', { class: 'plain-body' }, rec.body)) : null),
    banner(cable.overall, 'bottom'),
    h('div', { class: 'cable-aside' },
      h('section', { 'aria-labelledby': 'refs-title' }, h('h2', { id: 'refs-title' }, 'References'), refsList),
      h('section', { 'aria-labelledby': 'citedby-title' }, h('h2', { id: 'citedby-title' }, 'Cited by'), citedBy),
      h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Versions'), versionsBox)),
    diffBox);

  // References
  const refs = await refsP;
  if (!ctx.alive()) return;
  clear(refsList);
  clear(citedBy);
  if (refs instanceof Error) {
    refsList.replaceWith(errorBox(refs));
  } else {
    const missing = new Set((refs.missing || []).map((r) => r.id));
    const seen = new Set();
    const refItem = (r) => {
      const gone = r.origin == null || missing.has(r.id) && r.origin == null;
      return h('li', { class: gone ? 'ref missing' : 'ref', dataset: { ref: r.id || '' } },
        gone ? h('span', { class: 'ref-id' }, r.id || r.text || '?') : h('a', { class: 'ref-id', href: cableHref(r.id, r.origin) }, r.id),
        r.subject ? [' — ', h('span', null, r.subject)] : null,
        r.created ? [' ', h('span', { class: 'muted' }, `(${fmtDate(r.created).slice(0, 10)})`)] : null,
        gone ? [' ', h('span', { class: 'missing-tag' }, 'not in archive')] : null);
    };
    for (const r of refs.cites || []) { seen.add(r.id); refsList.append(refItem(r)); }
    for (const r of refs.missing || []) if (!seen.has(r.id)) { seen.add(r.id); refsList.append(refItem({ ...r, origin: null })); }
    if (!refsList.firstChild) refsList.append(h('li', { class: 'muted' }, 'This cable cites no other cable.'));
    // Link the REF lines of the header too.
    const byId = new Map((refs.cites || []).filter((r) => r.origin).map((r) => [r.id, r]));
    for (const line of main.querySelectorAll('#hdr-refs .ref-line')) {
      const r = byId.get(line.dataset.ref);
      const txt = line.textContent;
      if (r) { clear(line).append(h('a', { href: cableHref(r.id, r.origin) }, txt)); }
      else if (line.dataset.ref) line.append(' ', h('span', { class: 'missing-tag' }, 'not in archive'));
    }
    const cb = refs.cited_by || [];
    citedBy.append(cb.length ? h('ul', { class: 'ref-list' }, cb.map(refItem)) : h('p', { class: 'muted' }, 'No cable in the archive cites this one.'));
    if ((refs.series || []).length) {
      citedBy.append(h('h3', null, 'Same series'), h('ul', { class: 'ref-list' }, refs.series.map(refItem)));
    }
  }

  // Versions and the diff form
  const vers = await versP;
  if (!ctx.alive()) return;
  clear(versionsBox);
  if (vers instanceof Error) { versionsBox.append(errorBox(vers)); return; }
  const list = vers.versions || [];
  versionsBox.append(h('table', { class: 'plain versions-table' },
    h('caption', { class: 'sr-only' }, 'Versions of this cable'),
    h('thead', null, h('tr', null, ['Version', 'Filed', 'Format', 'Source', 'Digest'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, list.map((v) => h('tr', { class: String(v.version) === String(cable.version) ? 'current' : null },
      h('td', null, h('a', { href: cableHref(cable.id || id, org, { version: v.version }), 'aria-current': String(v.version) === String(cable.version) ? 'true' : null }, `v${v.version}`)),
      h('td', null, fmtDate(v.ingested)), h('td', null, v.format || ''),
      h('td', { class: 'src' }, v.source || ''), h('td', null, h('code', null, String(v.digest || '').slice(0, 12))))))));
  if (list.length > 1) {
    const nums = list.map((v) => String(v.version));
    const from0 = params.get('from') || nums[0];
    const to0 = params.get('to') || nums[nums.length - 1];
    const mk = (idn, lab, val) => {
      const s = h('select', { id: idn }, nums.map((n) => h('option', { value: n, selected: n === val }, `version ${n}`)));
      return [h('label', { for: idn }, lab), s];
    };
    const [lf, sf] = mk('diff-from', 'From', from0);
    const [lt, st] = mk('diff-to', 'To', to0);
    versionsBox.append(h('form', {
      class: 'diff-form', 'aria-label': 'Compare versions',
      onsubmit: (ev) => {
        ev.preventDefault();
        location.hash = cableHref(cable.id || id, org, { version: version || null, from: sf.value, to: st.value });
      },
    }, h('div', { class: 'field' }, lf, sf), h('div', { class: 'field' }, lt, st),
    h('button', { type: 'submit', class: 'btn primary' }, 'Compare')));
  }
  if (params.get('from') && params.get('to')) {
    diffBox.append(h('h2', { id: 'diff-title' }, `Changes from version ${params.get('from')} to version ${params.get('to')}`),
      h('p', { class: 'muted', role: 'status' }, 'Loading…'));
    try {
      const d = await api(`/api/cables/${encodeURIComponent(id)}/diff`, { params: { from: params.get('from'), to: params.get('to'), origin: org } });
      if (!ctx.alive()) return;
      diffBox.lastChild.remove();
      diffBox.append(sideBySide(d.diff || '', `version ${d.from ?? params.get('from')}`, `version ${d.to ?? params.get('to')}`));
    } catch (e) {
      if (!ctx.alive()) return;
      diffBox.lastChild.replaceWith(errorBox(e));
    }
    if (!params.get('p')) { diffBox.scrollIntoView({ block: 'start' }); diffBox.focus({ preventScroll: true }); }
  }
}
