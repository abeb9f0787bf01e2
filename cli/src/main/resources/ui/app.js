// The run viewer: a runs list with the power panel, and one run drawn on the BPMN it executed.
// Every value from the API goes into the page as text (textContent), never as markup.
'use strict';

const LIVE_POLL_MS = 2000;
const PAGE = 25;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) node.setAttribute(k, v); });
  children.flat(Infinity).forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c))));
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function seconds(value) {
  if (value === null || value === undefined) return '';
  return value < 10 ? value.toFixed(2) + ' s' : value < 120 ? value.toFixed(1) + ' s' : Math.round(value) + ' s';
}

/** Budget values arrive as seconds or as ISO-8601 durations (PT5M30S), whichever status --json prints. */
function budgetSeconds(budget) {
  for (const key of ['value_seconds', 'seconds']) if (typeof budget[key] === 'number') return budget[key];
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(budget.value || '');
  return m ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : budget.value;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function badge(outcome) {
  return el('span', { class: 'badge ' + outcome }, outcome);
}

// ---------- runs list ----------

async function showList() {
  document.getElementById('list-page').hidden = false;
  const params = new URLSearchParams(location.search);
  const form = document.getElementById('filters');
  ['workflow', 'outcome', 'trigger'].forEach(name => { form.elements[name].value = params.get(name) || ''; });
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    ['workflow', 'outcome', 'trigger'].forEach(name => { if (form.elements[name].value) next.set(name, form.elements[name].value); });
    location.search = next.toString();
  });
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10));
  const query = new URLSearchParams(params);
  query.set('offset', offset);
  query.set('limit', PAGE + 1);
  const runs = await getJson('/api/runs?' + query);
  const body = document.querySelector('#runs tbody');
  runs.slice(0, PAGE).forEach(run => {
    const row = el('tr', { class: 'link', 'data-run': run.run_id },
      el('td', {}, time(run.started)), el('td', {}, run.workflow), el('td', {}, run.trigger),
      el('td', {}, run.mode, run.executed ? '' : el('span', { class: 'dry' }, ' dry run')),
      el('td', {}, el('a', { href: '/runs/' + encodeURIComponent(run.run_id) }, run.run_id)),
      el('td', {}, badge(run.outcome)), el('td', { class: 'num' }, seconds(run.duration_seconds)));
    row.addEventListener('click', () => { location.href = '/runs/' + encodeURIComponent(run.run_id); });
    body.append(row);
  });
  if (runs.length === 0) body.append(el('tr', {}, el('td', { colspan: 7 }, 'no runs recorded yet')));
  const page = (delta) => { const p = new URLSearchParams(params); p.set('offset', Math.max(0, offset + delta)); return '?' + p; };
  document.getElementById('newer').hidden = offset === 0;
  document.getElementById('newer').href = page(-PAGE);
  document.getElementById('older').hidden = runs.length <= PAGE;
  document.getElementById('older').href = page(PAGE);
  document.getElementById('page').textContent = runs.length ? `runs ${offset + 1}-${offset + Math.min(PAGE, runs.length)}` : '';
  showPower();
}

async function showPower() {
  const target = document.getElementById('power-body');
  try {
    const s = await getJson('/api/status');
    document.getElementById('cluster').textContent = `${s.cluster} (${s.role})`;
    const ups = s.ups || {};
    const t = s.trigger || {};
    const intent = s.intent ? `${s.intent.state || ''} ${s.intent.reason ? '(' + s.intent.reason + ')' : ''}` : (s.intent_problem || 'none');
    const rows = [
      ['intent', intent],
      ['UPS', ups.reachable ? `${ups.target}: ${(ups.status || []).join(' ')}, charge ${ups.charge_percent ?? '?'}%, `
        + `runtime ${ups.runtime_seconds ?? '?'} s, load ${ups.load_percent ?? '?'}%` : `${ups.target}: no data (${ups.problem})`],
      ['trigger', `on battery and runtime <= ${t.runtime_safety_factor} x ${t.budget_seconds} s = ${t.threshold_seconds} s `
        + `for ${t.debounce_polls} polls; LB or FSD at once`],
      ['now', t.now]];
    if (s.state_dir_problem) {
      rows.splice(1, 0, ['state dir', el('span', { class: 'problem' },
        `cannot take a run (${s.state_dir_problem}): runs are refused, an emergency shutdown runs unrecorded`)]);
    }
    Object.entries(s.budgets || {}).forEach(([name, b]) => {
      const samples = el('a', { href: '/?outcome=succeeded&workflow=' + (name === 'emergency' ? 'hecate-emergency-shutdown' : 'hecate-shutdown')
        + (name === 'emergency' ? '&trigger=ups' : '') }, `${b.samples} samples`);
      rows.push([`${name} budget`, el('span', {}, `${budgetSeconds(b)} s (${String(b.source).toLowerCase()}, `, samples, ')')]);
    });
    target.replaceChildren(el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', { 'data-key': k }, v)])));
  } catch (e) {
    target.replaceChildren(el('span', { class: 'problem' }, 'power panel unavailable: ' + e.message));
  }
}

// ---------- one run ----------

let viewer;
let selected = null;
let current = null;

async function showRun(runId) {
  document.getElementById('run-page').hidden = false;
  viewer = new BpmnJS({ container: '#canvas' });
  let diagram;
  try {
    [current, diagram] = await Promise.all([getJson('/api/runs/' + encodeURIComponent(runId)),
      getJson('/api/runs/' + encodeURIComponent(runId) + '/diagram')]);
  } catch (e) {
    document.getElementById('run-title').textContent = e.message;
    return;
  }
  if (diagram.bpmn) {
    await viewer.importXML(diagram.bpmn);
    viewer.get('canvas').zoom('fit-viewport');
    viewer.get('eventBus').on('element.click', event => select(event.element.id));
  } else {
    document.getElementById('canvas').replaceChildren(el('p', { class: 'problem' }, 'the diagram this run executed is not in the database'));
  }
  render(diagram);
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (fromHash) select(fromHash);
  if (current.run.outcome === 'running') live(runId);
}

function live(runId) {
  const timer = setInterval(async () => {
    const [run, diagram] = await Promise.all([getJson('/api/runs/' + encodeURIComponent(runId)),
      getJson('/api/runs/' + encodeURIComponent(runId) + '/diagram')]);
    current = run;
    render(diagram);
    if (selected) select(selected);
    if (run.run.outcome !== 'running') clearInterval(timer);
  }, LIVE_POLL_MS);
}

/** The stage's outcome from its rows: running while any row runs, bad when its own row did not end ok, warned when a node row did not. */
function stageState(rows, elementId, visits) {
  if (rows.some(r => r.outcome === 'running') || visits.some(v => v.element_id === elementId && !v.ended)) return 'current';
  const own = rows.filter(r => !r.node);
  if (own.some(r => r.outcome !== 'ok')) return 'bad';
  if (rows.some(r => r.node && r.outcome !== 'ok')) return 'warned';
  return 'ok';
}

function render(diagram) {
  const run = current.run;
  document.getElementById('run-title').replaceChildren(`${run.workflow} `, badge(run.outcome),
    run.executed ? '' : el('span', { class: 'dry' }, ' dry run'));
  document.getElementById('run-summary').textContent = `run ${run.run_id} · trigger ${run.trigger} · mode ${run.mode} · started `
    + `${time(run.started)}${run.duration_seconds !== null ? ' · took ' + seconds(run.duration_seconds) : ' · running'}`
    + `${run.detail ? ' · ' + run.detail : ''} · diagram ${diagram.definition_id || 'unknown'}`;
  renderStageTable();
  if (!diagram.bpmn) return;
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  overlays.clear();
  const visited = new Set(diagram.visits.map(v => v.element_id));
  const byStage = groupBy(current.stages, s => s.stage);
  registry.getAll().forEach(element => {
    ['hx-ok', 'hx-warned', 'hx-bad', 'hx-current', 'hx-passed', 'hx-taken', 'hx-skipped'].forEach(m => canvas.removeMarker(element.id, m));
    if (element.type === 'bpmn:Process' || element.type === 'label' || !element.businessObject) return;
    const rows = byStage.get(element.id) || [];
    if (element.type === 'bpmn:SequenceFlow') {
      const taken = visited.has(element.source.id) && visited.has(element.target.id);
      canvas.addMarker(element.id, taken ? 'hx-taken' : 'hx-skipped');
    } else if (rows.length) {
      const state = stageState(rows, element.id, diagram.visits);
      canvas.addMarker(element.id, 'hx-' + state);
      overlays.add(element.id, 'duration', { position: { bottom: 8, right: 4 },
        html: el('span', { class: 'hx-time ' + state }, stageLabel(rows)) });
    } else if (visited.has(element.id)) {
      const failedEnd = element.type === 'bpmn:EndEvent' && run.outcome === 'failed' && diagram.visits.some(v => v.element_id === element.id);
      canvas.addMarker(element.id, failedEnd ? 'hx-bad' : 'hx-passed');
    } else if (element.type !== 'bpmn:Participant' && element.type !== 'bpmn:Lane') {
      canvas.addMarker(element.id, 'hx-skipped');
    }
  });
}

function stageLabel(rows) {
  const own = rows.find(r => !r.node) || rows[0];
  const nodes = rows.filter(r => r.node);
  const bad = nodes.filter(r => r.outcome !== 'ok' && r.outcome !== 'running').length;
  return (own.duration_seconds === null ? 'running' : seconds(own.duration_seconds))
    + (nodes.length ? ` · ${nodes.length - bad}/${nodes.length} nodes` : '');
}

function renderStageTable() {
  const body = document.querySelector('#stages tbody');
  const start = new Date(current.run.started).getTime();
  body.replaceChildren();
  current.stages.filter(s => !s.node).forEach(stage => {
    const nodes = current.stages.filter(s => s.stage === stage.stage && s.node);
    const row = el('tr', { class: 'link' + (stage.stage === selected ? ' selected' : ''), 'data-stage': stage.stage },
      el('td', { class: 'num' }, '+' + seconds((new Date(stage.started).getTime() - start) / 1000)),
      el('td', {}, stage.name ? `${stage.name} (${stage.stage})` : stage.stage),
      el('td', {}, nodes.length ? String(nodes.length) : ''), el('td', {}, stage.outcome),
      el('td', { class: 'num' }, seconds(stage.duration_seconds)));
    row.addEventListener('click', () => select(stage.stage));
    body.append(row);
  });
}

/** Opens a stage's panel: its per-node rows (node, result, duration, detail, the actions that name the node) and its messages. */
function select(stageId) {
  const rows = current.stages.filter(s => s.stage === stageId);
  if (!rows.length) return;
  selected = stageId;
  if (viewer && viewer.get('elementRegistry').get(stageId)) {
    viewer.get('elementRegistry').getAll().forEach(e => viewer.get('canvas').removeMarker(e.id, 'hx-selected'));
    viewer.get('canvas').addMarker(stageId, 'hx-selected');
  }
  history.replaceState(null, '', '#' + encodeURIComponent(stageId));
  const actions = current.actions.filter(a => a.stage === stageId);
  const panel = document.getElementById('stage-panel');
  panel.hidden = false;
  document.getElementById('stage-title').textContent = (rows[0].name ? `${rows[0].name} (${stageId})` : stageId);
  const nodeRows = rows.filter(r => r.node);
  const body = document.querySelector('#node-rows tbody');
  body.replaceChildren();
  (nodeRows.length ? nodeRows : rows).forEach(r => {
    const mine = r.node ? actions.filter(a => a.text.includes(r.node)) : [];
    body.append(el('tr', { 'data-node': r.node || '' },
      el('td', {}, r.node || '(the stage)'), el('td', { class: r.outcome === 'ok' ? '' : 'problem' }, r.outcome),
      el('td', { class: 'num' }, seconds(r.duration_seconds)), el('td', {}, r.detail || ''),
      el('td', {}, mine.map(a => el('div', { class: a.text.startsWith('warning: ') ? 'warning' : '' }, a.text)))));
  });
  const messages = document.getElementById('stage-messages');
  messages.replaceChildren(...actions.map(a => el('li', { class: a.text.startsWith('warning: ') ? 'warning' : '' },
    `${new Date(a.at).toLocaleTimeString()}  ${a.text}`)));
  if (!actions.length) messages.append(el('li', {}, 'none'));
  document.querySelectorAll('#stages tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.stage === stageId));
}

function groupBy(items, key) {
  const map = new Map();
  items.forEach(item => { const k = key(item); if (!map.has(k)) map.set(k, []); map.get(k).push(item); });
  return map;
}

const runPath = /^\/runs\/([^/]+)$/.exec(location.pathname);
(runPath ? showRun(decodeURIComponent(runPath[1])) : showList()).catch(e => {
  document.body.append(el('p', { class: 'problem', id: 'page-error' }, 'viewer error: ' + e.message));
});
