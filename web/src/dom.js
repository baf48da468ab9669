// Tiny DOM helpers. API strings are always inserted as text, never as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// The search API's snippet is HTML holding escaped text and <mark> only. Even so,
// rebuild it from a parsed copy keeping nothing but text and <mark>.
export function snippetNode(html) {
  const out = document.createElement('p');
  out.className = 'snippet';
  if (!html) return out;
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const walk = (src, dst) => {
    for (const n of src.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) dst.append(document.createTextNode(n.nodeValue));
      else if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.tagName === 'MARK') walk(n, dst.appendChild(document.createElement('mark')));
        else walk(n, dst);
      }
    }
  };
  walk(doc.body, out);
  return out;
}

export function fmtDate(s) {
  if (!s) return 'date unknown';
  return String(s).replace('T', ' ').replace(/Z$/, ' UTC');
}

export function levelOf(cls) {
  const c = String(cls || '').toUpperCase();
  if (c.startsWith('TOP SECRET')) return 'ts';
  if (c.startsWith('SECRET')) return 's';
  if (c.startsWith('CONFIDENTIAL')) return 'c';
  if (c.startsWith('UNCLASSIFIED')) return 'u';
  return 'x';
}

export function badge(cls) {
  return h('span', { class: `badge lvl-${levelOf(cls)}` }, cls || 'UNMARKED');
}

export function cableHref(id, origin, extra = {}) {
  const p = new URLSearchParams();
  if (origin) p.set('origin', origin);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const qs = p.toString();
  return `#/cable/${encodeURIComponent(id)}${qs ? '?' + qs : ''}`;
}

export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}
