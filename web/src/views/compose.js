import { h, clear, badge, cableHref, errorBox } from '../dom.js';
import { api } from '../api.js';
import { state, setTitle, announce, navigate, refreshUnread } from '../main.js';

// The compose page: a form for every member of a draft (docs/drafts.md), live
// validation against POST /api/drafts/check, save, send and discard.

export const PRECEDENCES = ['FLASH', 'NIACT IMMEDIATE', 'IMMEDIATE', 'PRIORITY', 'ROUTINE'];
const LEVELS = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];
const CAPTIONS = ['NOFORN', 'SIPDIS', 'EXDIS', 'NODIS', 'LIMDIS', 'SENSITIVE'];
const EXEMPTIONS = ['25X1', '25X2', '25X3', '25X4', '25X5', '25X6', '25X7', '25X8', '25X9', '50X1-HUM', '50X2-WMD'];
const MARKS = ['U', 'SBU', 'C', 'S', 'TS'];
const REASONS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((l) => `1.4(${l})`);
const CHECK_DELAY = 400;

let directoryCache = null;
async function loadDirectory() {
  if (!directoryCache) directoryCache = api('/api/directory').catch((e) => { directoryCache = null; throw e; });
  return directoryCache;
}

function blankDraft(from) {
  return {
    id: '', author: '', from: from || '', precedence: 'ROUTINE', to: [{ name: '', precedence: null }], info: [], exempt: [],
    classification: '', captions: [], passing: [], declassify_on: '', tags: [], subject: '', subject_marking: '',
    references: [], classified_by: '', reasons: [], summary: '', paragraphs: [{ marking: '', text: '', number: '' }], signature: '',
  };
}

// A draft from the API with every member present.
function normalize(d) {
  const b = blankDraft('');
  const out = { ...b, ...(d || {}) };
  for (const k of ['to', 'info', 'exempt', 'captions', 'passing', 'tags', 'references', 'reasons', 'paragraphs']) {
    if (!Array.isArray(out[k])) out[k] = [];
  }
  for (const k of ['id', 'author', 'from', 'classification', 'declassify_on', 'subject', 'subject_marking', 'classified_by', 'summary', 'signature']) {
    if (typeof out[k] !== 'string') out[k] = '';
  }
  if (typeof out.precedence !== 'string' || !out.precedence) out.precedence = 'ROUTINE';
  out.to = out.to.map((a) => ({ name: a.name || '', precedence: a.precedence || null }));
  out.info = out.info.map((a) => ({ name: a.name || '', precedence: a.precedence || null }));
  out.references = out.references.map((r) => ({ text: r.text || '', id: r.id || null }));
  out.paragraphs = out.paragraphs.map((p) => ({ marking: p.marking || '', text: p.text || '', number: p.number == null ? '' : String(p.number) }));
  return out;
}

// What goes to the server: empty addressee and list rows left out.
function payload(d) {
  return {
    ...d,
    to: d.to.filter((a) => a.name.trim()).map((a) => ({ name: a.name.trim(), precedence: a.precedence || null })),
    info: d.info.filter((a) => a.name.trim()).map((a) => ({ name: a.name.trim(), precedence: a.precedence || null })),
    exempt: d.exempt.map((x) => x.trim()).filter(Boolean),
    passing: d.passing.map((x) => x.trim()).filter(Boolean),
    references: d.references.filter((r) => r.text.trim()),
    paragraphs: d.paragraphs.map((p) => (p.number ? p : { marking: p.marking, text: p.text })),
  };
}

// "C/NF" -> { base: "C", nf: true, rest: [] }; other caveats (REL TO ...) kept.
function splitMarking(m) {
  const parts = String(m || '').split('/').map((s) => s.trim()).filter(Boolean);
  const base = parts.shift() || '';
  const nf = parts.some((p) => p.toUpperCase() === 'NF' || p.toUpperCase() === 'NOFORN');
  const rest = parts.filter((p) => !['NF', 'NOFORN'].includes(p.toUpperCase()));
  return { base, nf, rest };
}
function joinMarking({ base, nf, rest }) {
  if (!base) return '';
  return [base, nf ? 'NF' : null, ...rest].filter(Boolean).join('/');
}

const uid = (() => { let n = 0; return (p) => `${p}-${++n}`; })();

function options(values, selected, labels = {}) {
  return values.map((v) => h('option', { value: v, selected: v === selected }, labels[v] !== undefined ? labels[v] : v));
}

export async function renderCompose(ctx) {
  const { parts, main } = ctx;
  const draftId = parts[1] || '';
  setTitle(draftId ? 'Edit draft' : 'Compose');
  main.append(h('h1', null, draftId ? 'Edit draft' : 'Compose a cable'));
  if (!state.user || !['officer', 'admin'].includes(state.user.role)) {
    main.append(h('p', { class: 'error', role: 'alert' }, 'Only officers may draft and send cables.'));
    return;
  }
  const loading = h('p', { class: 'loading', role: 'status' }, 'Loading…');
  main.append(loading);

  let dir, loaded = null, draftsList;
  try {
    [dir, loaded, draftsList] = await Promise.all([
      loadDirectory(),
      draftId ? api(`/api/drafts/${encodeURIComponent(draftId)}`) : Promise.resolve(null),
      api('/api/drafts').catch((e) => e),
    ]);
  } catch (e) {
    if (!ctx.alive()) return;
    loading.remove();
    main.append(errorBox(e), h('p', null, h('a', { href: '#/compose' }, 'Start a new draft')));
    return;
  }
  if (!ctx.alive()) return;
  loading.remove();

  const posts = (dir.posts || []).map((p) => p.plad).filter(Boolean);
  const collectives = dir.collectives || [];
  const userPost = state.user.post || '';
  const d = loaded ? normalize(loaded.draft) : blankDraft(posts.includes(userPost) ? userPost : userPost || posts[0] || '');
  if (!d.to.length) d.to.push({ name: '', precedence: null });
  if (!d.paragraphs.length) d.paragraphs.push({ marking: '', text: '', number: '' });
  let dirty = false, ready = false;
  let problems = loaded && Array.isArray(loaded.problems) ? loaded.problems : null;

  // ---- problems: slots next to fields, inputs marked aria-invalid
  const slots = new Map();   // field -> element holding its messages
  const inputs = new Map();  // field -> focusable control
  const slot = (field) => {
    const el = h('ul', { class: 'field-problems', id: uid('prob'), dataset: { field }, hidden: true });
    slots.set(field, el);
    return el;
  };
  const bind = (field, el, slotEl) => {
    inputs.set(field, el);
    if (slotEl) el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), slotEl.id].filter(Boolean).join(' '));
    return el;
  };
  const resolve = (map, field) => {
    let f = String(field || '');
    while (f) {
      if (map.has(f)) return f;
      const next = f.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      if (next === f) break;
      f = next;
    }
    return null;
  };

  // ---- shared datalists for addressee completion
  const addrList = h('datalist', { id: 'c-addresses' },
    collectives.map((c) => h('option', { value: c.plad }, `collective · ${(c.members || []).length} posts`)),
    posts.map((p) => h('option', { value: p })));
  const memberList = h('datalist', { id: 'c-members' });
  const refreshMembers = () => {
    const addressed = new Set([...d.to, ...d.info].map((a) => a.name.trim().toUpperCase()));
    const members = new Set();
    for (const c of collectives) if (addressed.has(String(c.plad).toUpperCase())) for (const m of c.members || []) members.add(m);
    clear(memberList).append([...(members.size ? members : posts)].map((m) => h('option', { value: m })));
  };

  // ---- the form
  const field = (id, label, control, extra = {}) => {
    const s = extra.slot || slot(extra.field || id);
    bind(extra.field || id, control, s);
    return h('div', { class: ['field', extra.cls] }, h('label', { for: control.id }, label), extra.hint ? h('span', { class: 'hint', id: control.id + '-hint' }, extra.hint) : null, control, s);
  };

  // from, precedence
  const fromSel = h('select', { id: 'c-from' }, (posts.includes(d.from) || !d.from ? [] : [h('option', { value: d.from, selected: true }, d.from)]),
    options(posts, d.from));
  fromSel.addEventListener('change', () => { d.from = fromSel.value; changed(); });
  const precSel = h('select', { id: 'c-precedence' }, options(PRECEDENCES, d.precedence));
  precSel.addEventListener('change', () => { d.precedence = precSel.value; changed(); });

  // addressees
  const addrBox = (key, label) => {
    const box = h('fieldset', { class: 'rows-box', id: `c-${key}` }, h('legend', null, label));
    const listSlot = slot(key);
    const rows = h('ol', { class: 'rows' });
    const draw = () => {
      clear(rows);
      d[key].forEach((a, i) => {
        const f = `${key}[${i}]`;
        const s = slot(f);
        const inp = h('input', { id: `c-${key}-${i}`, type: 'text', value: a.name, list: 'c-addresses', autocomplete: 'off', spellcheck: 'false', class: 'addr-name', 'aria-label': `${label} addressee ${i + 1}` });
        inp.addEventListener('input', () => { a.name = inp.value; changed(); });
        inp.addEventListener('change', () => { inp.value = inp.value.trim().toUpperCase(); a.name = inp.value; refreshMembers(); changed(); });
        const precs = key === 'to' ? PRECEDENCES : PRECEDENCES.filter((p) => p !== 'NIACT IMMEDIATE');
        const ps = h('select', { id: `c-${key}-${i}-prec`, 'aria-label': `Precedence of ${label} addressee ${i + 1}` },
          h('option', { value: '', selected: !a.precedence }, '(the cable’s)'), options(precs, a.precedence));
        ps.addEventListener('change', () => { a.precedence = ps.value || null; changed(); });
        bind(f, inp, s); bind(`${f}.name`, inp, null); bind(`${f}.precedence`, ps, null);
        rows.append(h('li', { class: 'row' }, inp, ps,
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Remove ${label} addressee ${i + 1}${a.name ? ' ' + a.name : ''}`, onclick: () => { d[key].splice(i, 1); draw(); refreshMembers(); changed(); focusIn(box); } }, 'Remove'),
          s));
      });
      if (!d[key].length) rows.append(h('li', { class: 'muted row-empty' }, 'None.'));
    };
    draw();
    box.append(rows, listSlot,
      h('button', { type: 'button', class: 'btn small', onclick: () => { d[key].push({ name: '', precedence: null }); draw(); rows.querySelector('li:last-child input').focus(); } }, `Add ${label} addressee`));
    inputs.set(key, { focus: () => focusIn(box) });
    return box;
  };
  const focusIn = (box) => { const el = box.querySelector('input, button'); if (el) el.focus(); };

  // a list of plain strings (exempt)
  const stringRows = (key, label, dl, addLabel) => {
    const box = h('fieldset', { class: 'rows-box', id: `c-${key}` }, h('legend', null, label));
    const listSlot = slot(key);
    const rows = h('ol', { class: 'rows' });
    const draw = () => {
      clear(rows);
      d[key].forEach((v, i) => {
        const f = `${key}[${i}]`;
        const s = slot(f);
        const inp = h('input', { id: `c-${key}-${i}`, type: 'text', value: v, list: dl, autocomplete: 'off', spellcheck: 'false', class: 'addr-name', 'aria-label': `${label} ${i + 1}` });
        inp.addEventListener('input', () => { d[key][i] = inp.value; changed(); });
        inp.addEventListener('change', () => { inp.value = inp.value.trim().toUpperCase(); d[key][i] = inp.value; changed(); });
        bind(f, inp, s);
        rows.append(h('li', { class: 'row' }, inp,
          h('button', { type: 'button', class: 'btn small', 'aria-label': `Remove ${label} ${i + 1}`, onclick: () => { d[key].splice(i, 1); draw(); changed(); focusIn(box); } }, 'Remove'), s));
      });
      if (!d[key].length) rows.append(h('li', { class: 'muted row-empty' }, 'None.'));
    };
    draw();
    box.append(rows, listSlot, h('button', { type: 'button', class: 'btn small', onclick: () => { d[key].push(''); draw(); rows.querySelector('li:last-child input').focus(); } }, addLabel));
    inputs.set(key, { focus: () => focusIn(box) });
    return box;
  };

  // classification, captions, declassification
  const clsSel = h('select', { id: 'c-classification' }, h('option', { value: '', selected: !d.classification }, '— choose —'), options(LEVELS, d.classification));
  const captionFixed = CAPTIONS.map((c) => {
    const cb = h('input', { type: 'checkbox', id: `c-cap-${c.toLowerCase()}`, value: c, checked: d.captions.includes(c) });
    cb.addEventListener('change', () => { syncCaptions(); changed(); });
    return [c, cb];
  });
  const capOther = h('input', { id: 'c-captions-other', type: 'text', autocomplete: 'off', value: d.captions.filter((c) => !CAPTIONS.includes(c)).join('; '), placeholder: 'e.g. REL TO USA, GBR; EFTO' });
  const syncCaptions = () => {
    d.captions = [...captionFixed.filter(([, cb]) => cb.checked).map(([c]) => c),
      ...capOther.value.split(';').map((s) => s.trim().toUpperCase()).filter(Boolean)];
  };
  capOther.addEventListener('input', () => { syncCaptions(); changed(); });
  const capSlot = slot('captions');
  const captionsBox = h('fieldset', { class: 'checks', id: 'c-captions' }, h('legend', null, 'Captions'),
    h('div', { class: 'check-row' }, captionFixed.map(([c, cb]) => h('label', { class: 'check' }, cb, ' ', c))),
    h('div', { class: 'field' }, h('label', { for: 'c-captions-other' }, 'Other captions (separate with ;)'), capOther),
    capSlot);
  bind('captions', captionFixed[0][1], capSlot);

  const declIsDate = /^\d{4}-\d{2}-\d{2}$/.test(d.declassify_on);
  const declKind = h('select', { id: 'c-decl-kind', 'aria-label': 'Declassify on: kind' },
    h('option', { value: 'date', selected: declIsDate || (!d.declassify_on && d.classification !== 'UNCLASSIFIED') }, 'a date'),
    options(EXEMPTIONS, d.declassify_on, Object.fromEntries(EXEMPTIONS.map((x) => [x, `exemption ${x}`]))),
    h('option', { value: 'na', selected: !d.declassify_on && d.classification === 'UNCLASSIFIED' }, 'N/A (unclassified)'));
  const declDate = h('input', { id: 'c-decl-date', type: 'date', value: declIsDate ? d.declassify_on : '', 'aria-label': 'Declassify on: date' });
  const syncDecl = () => {
    declDate.disabled = declKind.value !== 'date';
    d.declassify_on = declKind.value === 'date' ? declDate.value : declKind.value === 'na' ? '' : declKind.value;
  };
  declKind.addEventListener('change', () => { syncDecl(); changed(); });
  declDate.addEventListener('input', () => { syncDecl(); changed(); });
  declDate.addEventListener('change', () => { syncDecl(); changed(); });
  syncDecl();
  clsSel.addEventListener('change', () => {
    d.classification = clsSel.value;
    if (d.classification === 'UNCLASSIFIED' && declKind.value === 'date' && !declDate.value) { declKind.value = 'na'; syncDecl(); }
    else if (d.classification && d.classification !== 'UNCLASSIFIED' && declKind.value === 'na') { declKind.value = 'date'; syncDecl(); }
    changed();
  });
  const declSlot = slot('declassify_on');
  const declBox = h('fieldset', { class: 'inline-box', id: 'c-declassify' }, h('legend', null, 'E.O. 13526: declassify on'),
    h('div', { class: 'row' }, declKind, declDate), declSlot);
  bind('declassify_on', declKind, declSlot);
  declDate.setAttribute('aria-describedby', declSlot.id);

  // TAGS combobox
  const tagsBox = tagsCombobox(d, () => changed(), slot('tags'));
  bind('tags', tagsBox.input, null);

  // subject
  const subj = h('input', { id: 'c-subject', type: 'text', value: d.subject, autocomplete: 'off' });
  subj.addEventListener('input', () => { d.subject = subj.value; changed(); });
  const subjMark = h('select', { id: 'c-subject-marking', 'aria-label': 'Portion mark of the subject' }, h('option', { value: '', selected: !d.subject_marking }, '(unmarked)'), options(MARKS, d.subject_marking));
  subjMark.addEventListener('change', () => { d.subject_marking = subjMark.value; changed(); });
  const subjSlot = slot('subject');
  const subjMarkSlot = slot('subject_marking');
  bind('subject', subj, subjSlot); bind('subject_marking', subjMark, subjMarkSlot);
  const subjectBox = h('div', { class: 'field subject-field' }, h('label', { for: 'c-subject' }, 'Subject'),
    h('div', { class: 'row' }, subjMark, subj), subjSlot, subjMarkSlot);

  // references, passing lines: one a line
  const linesArea = (id, key, rows, toList, fromList) => {
    const ta = h('textarea', { id, rows, spellcheck: 'false' });
    ta.value = fromList(d[key]).join('\n');
    ta.addEventListener('input', () => { d[key] = toList(ta.value.split('\n')); changed(); });
    return ta;
  };
  const refsTa = linesArea('c-references', 'references', 3,
    (lines) => lines.map((t) => t.trim()).filter(Boolean).map((text) => {
      const old = d.references.find((r) => r.text === text);
      return { text, id: old ? old.id : null };
    }), (refs) => refs.map((r) => r.text));
  const passingTa = linesArea('c-passing', 'passing', 2, (lines) => lines, (l) => l);

  const classifiedBy = h('input', { id: 'c-classified-by', type: 'text', value: d.classified_by, autocomplete: 'off', placeholder: 'Ambassador Richard H. Jones' });
  classifiedBy.addEventListener('input', () => { d.classified_by = classifiedBy.value; changed(); });
  const reasonBoxes = REASONS.map((r) => {
    const cb = h('input', { type: 'checkbox', id: `c-reason-${r[4]}`, value: r, checked: d.reasons.includes(r) });
    cb.addEventListener('change', () => { d.reasons = reasonBoxes.filter((x) => x.checked).map((x) => x.value); changed(); });
    return cb;
  });
  const reasonSlot = slot('reasons');
  const reasonsBox = h('fieldset', { class: 'checks', id: 'c-reasons' }, h('legend', null, 'Reasons (E.O. 13526 §1.4)'),
    h('div', { class: 'check-row' }, reasonBoxes.map((cb) => h('label', { class: 'check' }, cb, ' ', cb.value))), reasonSlot);
  bind('reasons', reasonBoxes[0], reasonSlot);

  const summary = h('textarea', { id: 'c-summary', rows: 3 });
  summary.value = d.summary;
  summary.addEventListener('input', () => { d.summary = summary.value; changed(); });

  // paragraphs
  const parasSlot = slot('paragraphs');
  const parasList = h('ol', { class: 'paras-edit' });
  const drawParas = (focus) => {
    clear(parasList);
    for (const k of [...slots.keys()]) if (/^paragraphs\[/.test(k)) slots.delete(k);
    for (const k of [...inputs.keys()]) if (/^paragraphs\[/.test(k)) inputs.delete(k);
    d.paragraphs.forEach((p, i) => {
      const f = `paragraphs[${i}]`;
      const n = i + 1;
      const s = slot(f);
      const m = splitMarking(p.marking);
      const mark = h('select', { id: `c-para-${i}-marking`, class: 'para-marking', 'aria-label': `Portion mark of paragraph ${n}` },
        h('option', { value: '', selected: !m.base }, '(unmarked)'), options(MARKS.includes(m.base) || !m.base ? MARKS : [...MARKS, m.base], m.base));
      const nf = h('input', { type: 'checkbox', id: `c-para-${i}-nf`, checked: m.nf });
      const ta = h('textarea', { id: `c-para-${i}-text`, rows: 4, class: 'para-text', 'aria-label': `Text of paragraph ${n}` });
      ta.value = p.text;
      const sync = () => { p.marking = joinMarking({ base: mark.value, nf: nf.checked, rest: m.rest }); nf.disabled = !mark.value; changed(); };
      nf.disabled = !m.base;
      mark.addEventListener('change', sync);
      nf.addEventListener('change', sync);
      ta.addEventListener('input', () => { p.text = ta.value; changed(); });
      bind(f, ta, s); bind(`${f}.text`, ta, null); bind(`${f}.marking`, mark, s); bind(`${f}.number`, ta, null);
      const move = (to) => { const [x] = d.paragraphs.splice(i, 1); d.paragraphs.splice(to, 0, x); drawParas({ i: to }); changed(); announce(`Paragraph moved to position ${to + 1}.`); };
      parasList.append(h('li', { class: 'para-edit', dataset: { index: i } },
        h('div', { class: 'para-edit-head' },
          h('span', { class: 'para-edit-num', id: `c-para-${i}-label` }, `¶${p.number || n}`),
          mark,
          h('label', { class: 'check' }, nf, ' /NF'),
          h('span', { class: 'para-tools' },
            h('button', { type: 'button', class: 'btn small', disabled: i === 0, 'aria-label': `Move paragraph ${n} up`, onclick: () => move(i - 1) }, '↑ Up'),
            h('button', { type: 'button', class: 'btn small', disabled: i === d.paragraphs.length - 1, 'aria-label': `Move paragraph ${n} down`, onclick: () => move(i + 1) }, '↓ Down'),
            h('button', { type: 'button', class: 'btn small danger', disabled: d.paragraphs.length === 1, 'aria-label': `Remove paragraph ${n}`, onclick: () => { d.paragraphs.splice(i, 1); drawParas({ i: Math.max(0, i - 1) }); changed(); announce(`Paragraph ${n} removed.`); } }, 'Remove'))),
        ta, s));
    });
    if (focus) {
      const li = parasList.children[focus.i];
      if (li) (focus.text ? li.querySelector('textarea') : li.querySelector('select')).focus();
    }
    if (ready && problems) showProblems(problems);
  };
  drawParas();
  inputs.set('paragraphs', null);

  const signature = h('input', { id: 'c-signature', type: 'text', value: d.signature, autocomplete: 'off', placeholder: 'JONES' });
  signature.addEventListener('input', () => { d.signature = signature.value; changed(); });

  const toBox = addrBox('to', 'TO');
  const infoBox = addrBox('info', 'INFO');
  const exemptBox = stringRows('exempt', 'XMT', 'c-members', 'Add an exemption');
  refreshMembers();

  // ---- status, summary of problems, actions
  const checkState = h('p', { id: 'check-state', class: 'check-state', role: 'status', 'aria-live': 'polite' }, '');
  const probList = h('ul', { class: 'problem-list', id: 'problem-list' });
  const checking = h('span', { class: 'checking muted', 'aria-hidden': 'true', hidden: true }, 'checking…');
  const probPanel = h('section', { class: 'problems-panel', 'aria-labelledby': 'problems-title' },
    h('h2', { id: 'problems-title', class: 'h3' }, 'Validation ', checking), checkState, probList);
  const savedState = h('p', { class: 'save-state muted', id: 'save-state', role: 'status' }, d.id ? `Draft ${d.id}` : 'Not saved yet');
  const msg = h('div', { class: 'form-msg', id: 'compose-msg', 'aria-live': 'polite' });
  const saveBtn = h('button', { type: 'button', class: 'btn', id: 'c-save' }, 'Save draft');
  const sendBtn = h('button', { type: 'button', class: 'btn primary', id: 'c-send', disabled: true, 'aria-describedby': 'check-state' }, 'Send…');
  const discardBtn = h('button', { type: 'button', class: 'btn danger', id: 'c-discard' }, 'Discard');

  const form = h('form', { class: 'compose-form', id: 'compose-form', 'aria-labelledby': 'compose-heading', novalidate: true, onsubmit: (ev) => ev.preventDefault() },
    h('h2', { id: 'compose-heading', class: 'sr-only' }, 'Draft'),
    h('section', { class: 'card compose-sec', 'aria-labelledby': 'sec-route' }, h('h2', { id: 'sec-route', class: 'h3' }, 'Routing'),
      h('div', { class: 'form-grid' }, field('c-from', 'From', fromSel, { field: 'from' }), field('c-precedence', 'Precedence', precSel, { field: 'precedence' })),
      h('div', { class: 'addr-grid' }, toBox, infoBox, exemptBox)),
    h('section', { class: 'card compose-sec', 'aria-labelledby': 'sec-class' }, h('h2', { id: 'sec-class', class: 'h3' }, 'Classification and handling'),
      h('div', { class: 'form-grid' }, field('c-classification', 'Classification', clsSel, { field: 'classification' }),
        field('c-classified-by', 'Classified by', classifiedBy, { field: 'classified_by' })),
      reasonsBox, declBox, captionsBox,
      field('c-passing', 'Passing lines (one a line)', passingTa, { field: 'passing' })),
    h('section', { class: 'card compose-sec', 'aria-labelledby': 'sec-subject' }, h('h2', { id: 'sec-subject', class: 'h3' }, 'TAGS, subject and references'),
      tagsBox.el, subjectBox,
      field('c-references', 'References (one a line, e.g. TEL AVIV 553)', refsTa, { field: 'references' })),
    h('section', { class: 'card compose-sec', 'aria-labelledby': 'sec-text' }, h('h2', { id: 'sec-text', class: 'h3' }, 'Text'),
      field('c-summary', 'Summary (optional)', summary, { field: 'summary' }),
      h('h3', { id: 'paras-title' }, 'Paragraphs'), parasSlot, parasList,
      h('button', { type: 'button', class: 'btn small', id: 'c-add-para', onclick: () => { d.paragraphs.push({ marking: '', text: '', number: '' }); drawParas({ i: d.paragraphs.length - 1 }); changed(); } }, 'Add a paragraph'),
      field('c-signature', 'Signature', signature, { field: 'signature' })),
    addrList, memberList);

  const generalSlot = slot('');
  const actions = h('div', { class: 'compose-actions' }, saveBtn, sendBtn, discardBtn, savedState);
  const resultBox = h('div', { id: 'send-result', tabindex: '-1' });
  const draftsBox = h('section', { class: 'card my-drafts', 'aria-labelledby': 'drafts-title' }, h('h2', { id: 'drafts-title', class: 'h3' }, 'My drafts'));
  main.append(resultBox, h('div', { class: 'compose-layout' },
    h('div', { class: 'compose-main' }, form),
    h('aside', { class: 'compose-side', 'aria-label': 'Validation and actions' }, probPanel, generalSlot, actions, msg, draftsBox)));
  const renderDrafts = (r) => {
    clear(draftsBox).append(h('h2', { id: 'drafts-title', class: 'h3' }, 'My drafts'));
    if (r instanceof Error) { draftsBox.append(errorBox(r)); return; }
    const list = (r && r.drafts) || [];
    if (!list.length) draftsBox.append(h('p', { class: 'muted' }, 'No saved drafts.'));
    else draftsBox.append(h('ul', { class: 'drafts-list' }, list.map((x) => h('li', { class: x.id === d.id ? 'current' : null },
      h('a', { href: `#/compose/${encodeURIComponent(x.id)}`, 'aria-current': x.id === d.id ? 'page' : null }, x.subject || '(no subject)'), ' ',
      x.classification ? badge(x.classification) : null,
      h('div', { class: 'muted small' }, [x.precedence, (x.to || []).map((a) => a.name).join(', ')].filter(Boolean).join(' · '))))));
    draftsBox.append(h('p', null, h('a', { href: '#/compose' }, 'New draft')));
  };
  renderDrafts(draftsList);
  const reloadDrafts = () => api('/api/drafts').then((r) => { if (ctx.alive()) renderDrafts(r); }).catch(() => {});

  // ---- live validation
  function showProblems(list) {
    problems = list;
    for (const s of slots.values()) { clear(s).hidden = true; }
    for (const el of inputs.values()) if (el && el.removeAttribute) el.removeAttribute('aria-invalid');
    clear(probList);
    const errors = list.filter((p) => p.severity === 'error');
    const warnings = list.filter((p) => p.severity !== 'error');
    for (const p of [...errors, ...warnings]) {
      const sev = p.severity === 'error' ? 'error' : 'warning';
      const key = resolve(slots, p.field) || '';
      const s = slots.get(key) || generalSlot;
      s.hidden = false;
      s.append(h('li', { class: ['problem', sev], dataset: { field: p.field || '' } }, h('span', { class: 'sev' }, sev === 'error' ? 'Error: ' : 'Warning: '), p.message));
      const ik = resolve(inputs, p.field);
      const ctl = ik ? inputs.get(ik) : null;
      if (ctl && sev === 'error' && ctl.setAttribute) ctl.setAttribute('aria-invalid', 'true');
      probList.append(h('li', { class: ['problem', sev], dataset: { field: p.field || '' } },
        h('span', { class: 'sev' }, sev === 'error' ? 'Error' : 'Warning'), ' ',
        ctl ? h('a', { href: '#', class: 'problem-field', onclick: (ev) => { ev.preventDefault(); ctl.focus(); } }, p.field || 'draft') : h('span', { class: 'problem-field' }, p.field || 'draft'),
        ': ', p.message));
    }
    const text = !list.length ? 'No problems: the cable may be sent.'
      : `${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` + (errors.length ? ' — fix the errors to send.' : '.');
    // the live region speaks only when the verdict changes, not at every check
    if (checkState.textContent !== text) checkState.textContent = text;
    checking.hidden = true;
    checkState.className = ['check-state', errors.length ? 'has-errors' : warnings.length ? 'has-warnings' : 'clean'].join(' ');
    sendBtn.disabled = errors.length > 0 || sending;
  }

  let timer = null, checkSeq = 0, sending = false;
  const runCheck = async () => {
    timer = null;
    const seq = ++checkSeq;
    try {
      const r = await api('/api/drafts/check', { method: 'POST', body: payload(d) });
      if (!ctx.alive() || seq !== checkSeq) return;
      showProblems(r.problems || []);
    } catch (e) {
      if (!ctx.alive() || seq !== checkSeq) return;
      checking.hidden = true;
      checkState.textContent = `Could not check the draft: ${e.message}`;
      checkState.className = 'check-state has-errors';
    }
  };
  function changed() {
    dirty = true;
    savedState.textContent = d.id ? `Draft ${d.id} — unsaved changes` : 'Not saved yet';
    checking.hidden = false;
    if (timer) clearTimeout(timer);
    timer = setTimeout(runCheck, CHECK_DELAY);
  }
  ctx.setCleanup(() => { if (timer) clearTimeout(timer); tagsBox.dispose(); });

  // ---- save / send / discard
  const save = async () => {
    const body = payload(d);
    const r = d.id ? await api(`/api/drafts/${encodeURIComponent(d.id)}`, { method: 'PUT', body })
      : await api('/api/drafts', { method: 'POST', body });
    if (r && r.draft && r.draft.id) {
      const wasNew = !d.id;
      d.id = r.draft.id; d.author = r.draft.author || d.author;
      if (wasNew) history.replaceState(null, '', `#/compose/${encodeURIComponent(d.id)}`);
    }
    dirty = false;
    savedState.textContent = `Draft ${d.id} saved`;
    if (r && Array.isArray(r.problems)) showProblems(r.problems);
    reloadDrafts();
    return r;
  };
  const setMsg = (...nodes) => { clear(msg).append(...nodes); };
  saveBtn.addEventListener('click', async () => {
    saveBtn.disabled = true;
    try { await save(); setMsg(h('p', { class: 'ok' }, 'Draft saved.')); announce('Draft saved.'); } catch (e) { setMsg(errorBox(e)); } finally { saveBtn.disabled = false; }
  });

  const dialog = h('dialog', { class: 'confirm-dialog', id: 'send-dialog', 'aria-labelledby': 'send-dialog-title', 'aria-describedby': 'send-dialog-desc' });
  main.append(dialog);
  const confirmSend = () => new Promise((resolveP) => {
    const addr = (l) => l.filter((a) => a.name.trim()).map((a) => a.name.trim() + (a.precedence ? ` (${a.precedence})` : '')).join(', ') || '—';
    const yes = h('button', { type: 'button', class: 'btn primary', id: 'send-confirm' }, 'Send');
    const no = h('button', { type: 'button', class: 'btn', id: 'send-cancel' }, 'Cancel');
    clear(dialog).append(
      h('h2', { id: 'send-dialog-title', class: 'h3' }, 'Send this cable?'),
      h('div', { id: 'send-dialog-desc' },
        h('p', null, 'Once sent, the cable is numbered, filed in the archive and delivered; it cannot be recalled.'),
        h('dl', { class: 'confirm-list' },
          h('dt', null, 'Precedence'), h('dd', null, d.precedence),
          h('dt', null, 'Classification'), h('dd', null, d.classification || '—'),
          h('dt', null, 'Subject'), h('dd', null, d.subject || '—'),
          h('dt', null, 'TO'), h('dd', null, addr(d.to)),
          d.info.some((a) => a.name.trim()) ? [h('dt', null, 'INFO'), h('dd', null, addr(d.info))] : null,
          d.exempt.some((x) => x.trim()) ? [h('dt', null, 'XMT'), h('dd', null, d.exempt.filter((x) => x.trim()).join(', '))] : null)),
      h('div', { class: 'dialog-actions' }, yes, no));
    const done = (v) => { dialog.close(); resolveP(v); };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', () => resolveP(false), { once: true });
    dialog.showModal();
    no.focus();
  });

  sendBtn.addEventListener('click', async () => {
    if (sendBtn.disabled) return;
    if (!(await confirmSend())) { sendBtn.focus(); return; }
    sending = true;
    sendBtn.disabled = true;
    setMsg(h('p', { class: 'muted' }, 'Sending…'));
    try {
      if (dirty || !d.id) await save();
      const r = await api(`/api/drafts/${encodeURIComponent(d.id)}/send`, { method: 'POST', body: {} });
      if (!ctx.alive()) return;
      setMsg();
      showResult(r);
      reloadDrafts();
      refreshUnread();
    } catch (e) {
      sending = false;
      if (!ctx.alive()) return;
      if (e.detail && Array.isArray(e.detail.problems)) showProblems(e.detail.problems);
      setMsg(errorBox(e));
      sendBtn.disabled = !!(problems && problems.some((p) => p.severity === 'error'));
    }
  });

  const showResult = (r) => {
    const href = cableHref(r.id);
    clear(resultBox).append(h('section', { class: 'card send-result', 'aria-labelledby': 'sent-title' },
      h('h2', { id: 'sent-title' }, 'Cable sent'),
      h('dl', { class: 'confirm-list' },
        h('dt', null, 'Cable'), h('dd', null, h('a', { href, class: 'cable-id', id: 'sent-link' }, r.id)),
        h('dt', null, 'Serial'), h('dd', { id: 'sent-serial' }, String(r.serial)),
        h('dt', null, 'DTG'), h('dd', { id: 'sent-dtg' }, r.dtg || ''),
        h('dt', null, 'Delivered to'), h('dd', null, (r.delivered_to || []).length
          ? h('ul', { class: 'delivered', id: 'sent-delivered' }, r.delivered_to.map((p) => h('li', null, p)))
          : h('span', { class: 'muted', id: 'sent-delivered' }, 'no post'))),
      (r.warnings || []).length ? h('div', null, h('h3', null, 'Warnings'),
        h('ul', { class: 'problem-list' }, r.warnings.map((p) => h('li', { class: 'problem warning' }, h('span', { class: 'sev' }, 'Warning'), ' ', p.field ? `${p.field}: ` : '', p.message)))) : null,
      h('p', null, h('a', { class: 'btn primary', href }, 'Open the cable'), ' ', h('a', { class: 'btn', href: '#/compose', id: 'new-draft', onclick: (ev) => { ev.preventDefault(); navigate('#/compose'); } }, 'New draft'))));
    // The draft is gone: the form is no longer the cable being written.
    form.hidden = true;
    probPanel.hidden = true;
    actions.hidden = true;
    history.replaceState(null, '', '#/compose');
    setTitle(`Sent ${r.id}`);
    announce(`Cable ${r.id} sent to ${(r.delivered_to || []).length} post${(r.delivered_to || []).length === 1 ? '' : 's'}.`);
    resultBox.focus();
    resultBox.scrollIntoView({ block: 'start' });
  };

  discardBtn.addEventListener('click', async () => {
    if (!window.confirm(d.id ? 'Discard this draft? It is deleted.' : 'Discard this draft?')) return;
    try {
      if (d.id) await api(`/api/drafts/${encodeURIComponent(d.id)}`, { method: 'DELETE' });
      announce('Draft discarded.');
      navigate('#/compose');
    } catch (e) { setMsg(errorBox(e)); }
  });

  ready = true;
  if (problems) showProblems(problems); else runCheck();
}

// TAGS: a combobox (ARIA 1.2 pattern) with suggestions from /api/tags?prefix=,
// the chosen tags as removable chips.
function tagsCombobox(d, onChange, slotEl) {
  const input = h('input', {
    id: 'c-tags', type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': 'c-tags-listbox', 'aria-describedby': `c-tags-hint ${slotEl.id}`, placeholder: 'Type a tag, e.g. PREL',
  });
  const listbox = h('ul', { id: 'c-tags-listbox', role: 'listbox', class: 'combo-list', 'aria-label': 'Tag suggestions', hidden: true });
  const chips = h('ul', { class: 'chips tag-chips', 'aria-label': 'Chosen TAGS' });
  let items = [], active = -1, timer = null, seq = 0;

  const drawChips = () => {
    clear(chips);
    d.tags.forEach((t, i) => chips.append(h('li', null, h('button', {
      type: 'button', class: 'chip', 'aria-label': `Remove tag ${t}`, dataset: { tag: t },
      onclick: () => {
        d.tags.splice(i, 1); drawChips(); onChange(); announce(`Tag ${t} removed.`);
        const next = chips.querySelectorAll('button')[Math.min(i, d.tags.length - 1)];
        (next || input).focus();
      },
    }, t, h('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×')))));
    if (!d.tags.length) chips.append(h('li', { class: 'muted' }, 'No TAGS yet.'));
  };
  const close = () => { listbox.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  const setActive = (i) => {
    active = i;
    [...listbox.children].forEach((li, j) => { li.setAttribute('aria-selected', j === i ? 'true' : 'false'); li.classList.toggle('active', j === i); });
    if (i >= 0 && listbox.children[i]) { input.setAttribute('aria-activedescendant', listbox.children[i].id); listbox.children[i].scrollIntoView({ block: 'nearest' }); } else input.removeAttribute('aria-activedescendant');
  };
  const add = (tag) => {
    const t = String(tag || '').trim().toUpperCase();
    if (!t) return;
    if (!d.tags.includes(t)) { d.tags.push(t); drawChips(); onChange(); announce(`Tag ${t} added.`); }
    input.value = '';
    close();
  };
  const suggest = async () => {
    timer = null;
    const prefix = input.value.trim().toUpperCase();
    if (!prefix) { close(); return; }
    const s = ++seq;
    let r;
    try { r = await api('/api/tags', { params: { prefix } }); } catch { if (s === seq) close(); return; }
    if (s !== seq || document.activeElement !== input) return;
    items = (r.tags || []).filter((t) => !d.tags.includes(t.tag));
    clear(listbox);
    if (!items.length) { listbox.append(h('li', { class: 'combo-empty', role: 'option', 'aria-disabled': 'true', id: 'c-tags-none' }, 'No known tag starts with ', h('code', null, prefix), ' — Enter adds it as typed.')); items = []; }
    items.forEach((t, i) => listbox.append(h('li', {
      id: `c-tags-opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'combo-opt', dataset: { tag: t.tag },
      onmousedown: (ev) => { ev.preventDefault(); add(t.tag); },
    }, h('span', { class: 'opt-tag' }, t.tag), ' ', h('span', { class: 'opt-kind' }, t.kind || ''), ' ', h('span', { class: 'opt-meaning' }, t.meaning || ''))));
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(-1);
  };
  input.addEventListener('input', () => { if (timer) clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener('keydown', (ev) => {
    const open = !listbox.hidden && items.length;
    if (ev.key === 'ArrowDown') { ev.preventDefault(); if (!open) suggest(); else setActive(active < items.length - 1 ? active + 1 : 0); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); if (open) setActive(active > 0 ? active - 1 : items.length - 1); }
    else if (ev.key === 'Enter') { ev.preventDefault(); if (open && active >= 0) add(items[active].tag); else add(input.value); }
    else if (ev.key === ',' ) { ev.preventDefault(); add(input.value); }
    else if (ev.key === 'Escape') { if (!listbox.hidden) { ev.preventDefault(); close(); } }
    else if (ev.key === 'Backspace' && !input.value && d.tags.length) { const t = d.tags.pop(); drawChips(); onChange(); announce(`Tag ${t} removed.`); }
  });
  input.addEventListener('blur', () => { setTimeout(close, 100); });
  drawChips();
  const el = h('div', { class: 'field tags-field' },
    h('label', { for: 'c-tags', id: 'c-tags-label' }, 'TAGS'),
    h('span', { class: 'hint', id: 'c-tags-hint' }, 'Subject tags first (PREL, KNNP), then places. Arrow keys choose a suggestion, Enter adds it; Backspace removes the last tag.'),
    chips,
    h('div', { class: 'combo' }, input, listbox),
    slotEl);
  return { el, input, dispose: () => { if (timer) clearTimeout(timer); } };
}
