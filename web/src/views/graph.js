import cytoscape from 'cytoscape';
import { h, clear, fmtDate, cableHref, errorBox } from '../dom.js';
import { api } from '../api.js';
import { setTitle, navigate } from '../main.js';

export async function renderGraph(ctx) {
  const { parts, params, main } = ctx;
  const id = parts[1] || '';
  const depth = params.get('depth') === '2' ? 2 : 1;
  setTitle(`Reference graph of ${id}`);
  const depthSel = h('div', { class: 'seg', role: 'group', 'aria-label': 'Depth' },
    [1, 2].map((d) => h('a', {
      class: ['btn', d === depth && 'primary'], 'aria-current': d === depth ? 'true' : null,
      href: `#/graph/${encodeURIComponent(id)}${d === 2 ? '?depth=2' : ''}`,
    }, d === 1 ? 'Depth 1' : 'Depth 2')));
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' }, 'Loading…');
  const container = h('div', { class: 'graph-canvas', id: 'graph-canvas', role: 'img', 'aria-label': `Reference graph around ${id}; the same nodes are listed below` });
  const listBox = h('section', { class: 'graph-list', 'aria-labelledby': 'graph-list-title' },
    h('h2', { id: 'graph-list-title' }, 'Cables in this graph'));
  main.append(
    h('h1', null, 'References around ', h('a', { href: cableHref(id) }, id)),
    h('div', { class: 'graph-tools' }, h('span', { class: 'label' }, 'Depth:'), depthSel,
      h('span', { class: 'legend' },
        h('span', { class: 'lg lg-center' }, 'this cable'), h('span', { class: 'lg lg-node' }, 'in the archive'),
        h('span', { class: 'lg lg-missing' }, 'not in archive'))),
    status, container, listBox);

  let g;
  try {
    g = await api(`/api/cables/${encodeURIComponent(id)}/graph`, { params: { depth } });
  } catch (e) {
    if (!ctx.alive()) return;
    status.replaceWith(errorBox(e));
    container.remove();
    return;
  }
  if (!ctx.alive()) return;
  const nodes = g.nodes || [];
  const edges = g.edges || [];
  status.textContent = `${nodes.length} cable${nodes.length === 1 ? '' : 's'}, ${edges.length} reference${edges.length === 1 ? '' : 's'}. Arrows point from the citing cable to the cited one. Click a cable to open it.`;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Cytoscape injects an inline <style> unless an element with this id exists; the CSP
  // forbids inline styles, so the rule it would add is in app.css instead.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    document.head.append(h('meta', { id: '__________cytoscape_stylesheet', name: 'cytoscape-style', content: 'app.css' }));
  }
  const cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({
        data: { id: n.id, label: n.id, origin: n.origin || '', missing: n.missing ? 1 : 0, center: n.id === g.center ? 1 : 0 },
        classes: [n.missing ? 'missing' : '', n.id === g.center ? 'center' : ''].join(' ').trim(),
      })),
      ...edges.filter((e) => byId.has(e.from) && byId.has(e.to)).map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'font-family': 'system-ui, sans-serif', color: '#1a1a1a', 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#0033a0', width: 18, height: 18, 'border-width': 2, 'border-color': '#ffffff' } },
      { selector: 'node.center', style: { 'background-color': '#c8102e', width: 28, height: 28, 'border-color': '#1a1a1a', 'border-width': 3, 'font-weight': 'bold', 'font-size': 13 } },
      { selector: 'node.missing', style: { 'background-color': '#d9d9d9', 'border-style': 'dashed', 'border-color': '#595959', 'border-width': 2, color: '#595959' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#8a8a8a', 'target-arrow-color': '#8a8a8a', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
      { selector: 'node:active, node:selected', style: { 'overlay-opacity': 0.15 } },
    ],
    layout: nodes.length > 1 ? { name: 'concentric', concentric: (n) => (n.data('center') ? 10 : 1), levelWidth: () => 1, minNodeSpacing: 70, padding: 40, animate: false } : { name: 'grid' },
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
  });
  if (cy.zoom() > 1.25) { cy.zoom(1.25); cy.center(); }
  cy.on('tap', 'node', (ev) => {
    const n = byId.get(ev.target.id());
    if (n && !n.missing) navigate(cableHref(n.id, n.origin));
  });
  cy.on('mouseover', 'node', (ev) => { container.classList.toggle('pointer', !ev.target.data('missing')); });
  cy.on('mouseout', 'node', () => { container.classList.remove('pointer'); });
  ctx.setCleanup(() => cy.destroy());

  const citesOf = (nid) => edges.filter((e) => e.from === nid).map((e) => e.to);
  const sorted = [...nodes].sort((a, b) => (a.id === g.center ? -1 : b.id === g.center ? 1 : a.id.localeCompare(b.id)));
  listBox.append(h('ul', { class: 'graph-nodes' }, sorted.map((n) => h('li', { class: [n.missing && 'missing', n.id === g.center && 'center'], dataset: { node: n.id } },
    n.missing ? h('span', { class: 'ref-id' }, n.id) : h('a', { class: 'ref-id', href: cableHref(n.id, n.origin) }, n.id),
    n.id === g.center ? ' (this cable)' : '',
    n.missing ? [' ', h('span', { class: 'missing-tag' }, 'not in archive')] : null,
    n.subject ? [' — ', n.subject] : null,
    n.created ? [' ', h('span', { class: 'muted' }, `(${fmtDate(n.created).slice(0, 10)})`)] : null,
    citesOf(n.id).length ? h('div', { class: 'muted small' }, 'cites: ', citesOf(n.id).join(', ')) : null))));
}
