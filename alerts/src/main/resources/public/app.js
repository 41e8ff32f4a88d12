// The live page. Everything from outside sources is inserted with textContent, never as HTML, and links are
// kept only when they are http(s): hostile titles stay text (see SecurityHeadersFilter for the CSP).
'use strict';

const MAX_ITEMS = 200;
const feed = document.getElementById('feed');
const feedEmpty = document.getElementById('feed-empty');
const showAll = document.getElementById('show-all');
const connection = document.getElementById('connection');
const template = document.getElementById('indicator-template');
const seen = new Set();
let source = null;

// Evidence from the title, with the matched words marked; built node by node so nothing is parsed as HTML.
function renderEvidence(paragraph, indicator) {
  paragraph.replaceChildren();
  const title = indicator.title || '';
  const marks = (indicator.evidence || [])
    .filter(e => e.field === 'title' && e.start >= 0 && e.start + e.matched.length <= title.length)
    .sort((a, b) => a.start - b.start);
  const textHits = (indicator.evidence || []).filter(e => e.field === 'text').map(e => e.matched);
  if (marks.length === 0 && textHits.length === 0) {
    return;
  }
  paragraph.append('evidence: ');
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    paragraph.append(title.slice(at, m.start));
    const mark = document.createElement('mark');
    mark.title = m.rule;
    setText(mark, title.slice(m.start, m.start + m.matched.length));
    paragraph.append(mark);
    at = m.start + m.matched.length;
  }
  if (marks.length > 0) paragraph.append(title.slice(at));
  const unique = [...new Set(textHits)].slice(0, 6);
  if (unique.length > 0) {
    paragraph.append(marks.length > 0 ? ' · in text: ' : 'in text: ');
    unique.forEach((hit, i) => {
      const mark = document.createElement('mark');
      setText(mark, hit);
      paragraph.append(mark);
      if (i < unique.length - 1) paragraph.append(', ');
    });
  }
}

function renderIndicator(indicator, fresh) {
  const node = template.content.firstElementChild.cloneNode(true);
  node.dataset.id = indicator.id;
  node.dataset.indicator = String(indicator.measure !== 'NONE' && ['THREATENED', 'INVESTIGATING', 'IMPOSED'].includes(indicator.stage));
  if (fresh) node.classList.add('fresh');
  setText(node.querySelector('.measure'), indicator.measure);
  setText(node.querySelector('.stage'), indicator.stage || '—');
  const targets = describeTargets(indicator.targets);
  setText(node.querySelector('.who'), (indicator.actor || '?') + (targets ? ' → ' + targets : ''));
  const severity = node.querySelector('.severity');
  setText(severity, 'severity ' + indicator.severity);
  severity.title = (indicator.severityReasons || []).join('\n');
  severity.dataset.high = String(indicator.severity >= 7);
  const when = node.querySelector('.when');
  if (indicator.occurredAt) {
    when.dateTime = indicator.occurredAt;
    setText(when, isoMinute(indicator.occurredAt));
  }
  const link = node.querySelector('.title');
  setText(link, indicator.title || '(no title)');
  const href = safeHref(indicator.url);
  if (href) link.href = href; else link.removeAttribute('href');
  // The English gist beside the original title of a non-English item.
  const gist = node.querySelector('.gist');
  setText(gist, indicator.gist || '');
  gist.hidden = !indicator.gist;
  const sectors = node.querySelector('.sectors');
  for (const sector of indicator.sectors || []) {
    const tag = document.createElement('span');
    tag.className = 'sector';
    setText(tag, sector);
    sectors.append(tag);
  }
  renderEvidence(node.querySelector('.evidence'), indicator);
  // Every copy of the story, each linking to its own source (http(s) only).
  const sourceLine = node.querySelector('.source');
  const copies = (indicator.sources && indicator.sources.length > 0) ? indicator.sources
    : [{ sourceId: indicator.sourceId, url: indicator.url }];
  sourceLine.replaceChildren();
  sourceLine.append(copies.length + (copies.length === 1 ? ' source: ' : ' sources: '));
  copies.forEach((copy, i) => {
    const href = safeHref(copy.url);
    const label = document.createElement(href ? 'a' : 'span');
    setText(label, copy.sourceId);
    if (href) {
      label.href = href;
      label.rel = 'noopener noreferrer nofollow';
      label.target = '_blank';
    }
    sourceLine.append(label);
    if (i < copies.length - 1) sourceLine.append(', ');
  });
  sourceLine.append(' · rules ' + indicator.rulesetVersion + (indicator.modelVersion ? ' · model ' + indicator.modelVersion : ''));
  const corrected = node.querySelector('.corrected');
  if (indicator.correction) {
    const c = indicator.correction;
    node.dataset.corrected = 'true';
    corrected.hidden = false;
    setText(corrected, 'corrected by ' + c.by + ' on ' + isoMinute(c.at) + (c.was ? ' (classifier said: ' + c.was + ')' : '')
      + (c.note ? ' — ' + c.note : ''));
  }
  // The correction form starts from what the card says now.
  const form = node.querySelector('.correct-form');
  form.elements.measure.value = indicator.measure;
  form.elements.stage.value = indicator.stage || '';
  form.elements.actor.value = indicator.actor || '';
  form.elements.targets.value = (indicator.targets || []).join(', ');
  return node;
}

function add(indicator, fresh) {
  if (seen.has(indicator.id)) {
    const old = feed.querySelector(`li[data-id="${CSS.escape(indicator.id)}"]`);
    if (old) old.replaceWith(renderIndicator(indicator, fresh));
    return;
  }
  seen.add(indicator.id);
  const node = renderIndicator(indicator, fresh);
  node.dataset.at = indicator.occurredAt || '';
  // Newest first by the measure's own date, whatever order they arrive in (a feed's backlog, several partitions).
  const later = [...feed.children].find(other => (other.dataset.at || '') < node.dataset.at);
  if (later) feed.insertBefore(node, later); else feed.append(node);
  while (feed.children.length > MAX_ITEMS) {
    seen.delete(feed.lastElementChild.dataset.id);
    feed.lastElementChild.remove();
  }
  feedEmpty.hidden = feed.children.length > 0;
}

// The filters as query parameters, shared by the list, the live stream and the Atom link.
function query() {
  const params = new URLSearchParams();
  params.set('all', String(showAll.checked));
  for (const [name, value] of new FormData(document.getElementById('filters'))) {
    if (String(value).trim() !== '') params.set(name, String(value).trim());
  }
  document.getElementById('atom-link').href = '/feeds/indicators.atom?' + params.toString();
  return params.toString();
}

async function loadRecent() {
  const response = await fetch('/api/indicators?limit=' + MAX_ITEMS + '&' + query());
  const indicators = await response.json();
  feed.replaceChildren();
  seen.clear();
  indicators.forEach(indicator => add(indicator, false));
  feedEmpty.hidden = feed.children.length > 0;
}

// since: an ISO instant to play forward from (time travel), or nothing for the live feed.
function connect(since, speed) {
  if (source) source.close();
  const travel = since ? '&since=' + encodeURIComponent(since) + '&speed=' + encodeURIComponent(speed || 3600) : '';
  source = new EventSource('/api/indicators/stream?' + query() + travel);
  source.addEventListener('open', () => { connection.dataset.state = 'live'; if (!since) setText(connection, 'live'); });
  source.addEventListener('error', () => { connection.dataset.state = 'down'; setText(connection, 'reconnecting…'); });
  source.addEventListener('ready', () => {
    connection.dataset.state = 'live';
    setText(connection, since ? 'playing from ' + since.slice(0, 16).replace('T', ' ') + ' UTC' : 'live');
  });
  source.addEventListener('indicator', event => add(JSON.parse(event.data), true));
}

// ISO-8601 durations as people say them: PT168H -> 7d, PT90M -> 90m.
function humanDuration(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
  if (!m) return iso;
  const seconds = (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]]) {
    if (seconds % size === 0 && seconds >= size) return (seconds / size) + unit;
  }
  return seconds + 's';
}

// Dates as ISO-8601 in UTC, the same for every reader wherever they are: 2026-11-30 14:05 UTC.
function isoMinute(instant) {
  return new Date(instant).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function renderBreaches(breaches) {
  const list = document.getElementById('breaches');
  const open = new Set([...list.querySelectorAll('details[open]')].map(d => d.dataset.breach));
  list.replaceChildren();
  const latest = new Map();
  for (const breach of breaches) if (!latest.has(breach.id)) latest.set(breach.id, breach);
  for (const breach of latest.values()) list.append(renderBreachCard(breach, false, open));
  document.getElementById('breaches-empty').hidden = latest.size > 0;
  // A link to a card (#breach-<id>) lands on it once the cards are drawn.
  if (location.hash.startsWith('#breach-') && !renderBreaches.scrolled) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      renderBreaches.scrolled = true;
    }
  }
}

function renderSources(sources) {
  const body = document.querySelector('#sources tbody');
  body.replaceChildren();
  // When every source fails, an empty feed means nothing: say so above everything.
  const banner = document.getElementById('sources-banner');
  const failing = sources.filter(s => s.lastError).length;
  banner.hidden = !(sources.length > 0 && failing === sources.length);
  if (!banner.hidden) {
    setText(banner, 'Every source is failing (' + failing + ' of ' + sources.length
      + '): no news is not good news. See "Sources" below for the errors.');
  }
  for (const s of sources) {
    const row = document.createElement('tr');
    const cells = [s.sourceId, s.lastError ? 'failing: ' + s.lastError : (s.lastStatus || '—'),
      s.itemsPublished, s.lastSuccess ? isoMinute(s.lastSuccess) : 'never',
      s.lastNewItemAt ? isoMinute(s.lastNewItemAt) : 'nothing yet', s.windows || '—',
      s.nextPoll ? isoMinute(s.nextPoll) : '—'];
    cells.forEach((value, i) => {
      const cell = document.createElement('td');
      setText(cell, value);
      if (i === 1 && s.lastError) cell.className = 'failing';
      row.append(cell);
    });
    body.append(row);
  }
}

const SVG = 'http://www.w3.org/2000/svg';

// Indicators a week over the 12 weeks up to today (the last bar is the week ending now), as SVG bars built node by
// node; drawn empty at first paint, with each week's first day under its bar, and filled when the data arrives.
function renderWeeks(indicators, loading) {
  const svg = document.getElementById('chart-weeks');
  svg.replaceChildren();
  const week = 7 * 86400 * 1000;
  const now = Date.now();
  const counts = new Array(12).fill(0);
  for (const indicator of indicators) {
    const age = Math.floor((now - Date.parse(indicator.occurredAt)) / week);
    if (age >= 0 && age < 12) counts[11 - age]++;
  }
  const top = Math.max(1, ...counts);
  counts.forEach((count, i) => {
    const height = Math.round(80 * count / top);
    const start = new Date(now - (12 - i) * week);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(10 + i * 29));
    bar.setAttribute('y', String(96 - height));
    bar.setAttribute('width', '22');
    bar.setAttribute('height', String(Math.max(height, count > 0 ? 2 : 0)));
    const tip = document.createElementNS(SVG, 'title');
    setText(tip, count + ' indicator(s) in the week from ' + start.toISOString().substring(0, 10));
    bar.append(tip);
    svg.append(bar);
    if (count > 0) {
      const value = document.createElementNS(SVG, 'text');
      value.setAttribute('x', String(16 + i * 29));
      value.setAttribute('y', String(93 - height));
      setText(value, String(count));
      svg.append(value);
    }
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(10 + i * 29));
    label.setAttribute('y', '110');
    setText(label, i === 11 ? 'this wk' : start.toISOString().substring(5, 10));
    svg.append(label);
  });
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('x1', '8');
  axis.setAttribute('x2', '356');
  axis.setAttribute('y1', '97');
  axis.setAttribute('y2', '97');
  axis.setAttribute('stroke', '#c5ccd6');
  svg.append(axis);
  if (loading || indicators.length === 0) {
    const note = document.createElementNS(SVG, 'text');
    note.setAttribute('x', '180');
    note.setAttribute('y', '50');
    note.setAttribute('text-anchor', 'middle');
    setText(note, loading ? 'loading…' : 'no indicators in these 12 weeks');
    svg.append(note);
  }
}

// Counts per actor → target pair, shaded by count (CSSOM styles, which the CSP allows).
function renderMatrix(indicators) {
  const pairs = new Map();
  const actors = new Set();
  const targets = new Set();
  for (const indicator of indicators) {
    const actor = indicator.actor || '?';
    for (const target of (indicator.targets && indicator.targets.length ? indicator.targets : ['—'])) {
      actors.add(actor);
      targets.add(target === '*' ? 'all' : target);
      const key = actor + '>' + (target === '*' ? 'all' : target);
      pairs.set(key, (pairs.get(key) || 0) + 1);
    }
  }
  const head = document.querySelector('#matrix thead');
  const body = document.querySelector('#matrix tbody');
  head.replaceChildren();
  body.replaceChildren();
  const targetList = [...targets].sort().slice(0, 8);
  const header = document.createElement('tr');
  header.append(document.createElement('th'));
  for (const target of targetList) {
    const th = document.createElement('th');
    setText(th, target);
    header.append(th);
  }
  head.append(header);
  const top = Math.max(1, ...pairs.values());
  for (const actor of [...actors].sort().slice(0, 8)) {
    const row = document.createElement('tr');
    const th = document.createElement('th');
    setText(th, actor);
    row.append(th);
    for (const target of targetList) {
      const count = pairs.get(actor + '>' + target) || 0;
      const td = document.createElement('td');
      setText(td, count ? String(count) : '');
      if (count) td.style.background = 'rgba(179, 38, 30, ' + (0.15 + 0.6 * count / top).toFixed(2) + ')';
      row.append(td);
    }
    body.append(row);
  }
}

function renderSectors(indicators) {
  const counts = new Map();
  for (const indicator of indicators) {
    for (const sector of indicator.sectors || []) counts.set(sector, (counts.get(sector) || 0) + 1);
  }
  const list = document.getElementById('sector-bars');
  list.replaceChildren();
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const top = Math.max(1, ...sorted.map(e => e[1]));
  for (const [sector, count] of sorted) {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'label';
    setText(label, sector + ' (' + count + ')');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = Math.round(120 * count / top) + 'px';
    item.append(label, bar);
    list.append(item);
  }
}

async function refreshCharts() {
  try {
    const indicators = await (await fetch('/api/indicators?limit=500&' + query())).json();
    renderWeeks(indicators);
    renderMatrix(indicators);
    renderSectors(indicators);
  } catch (e) {
    // The connection badge already says the server is unreachable.
  }
}

async function refreshPanels() {
  try {
    renderBreaches(await (await fetch('/api/breaches')).json());
    renderSources(await (await fetch('/api/sources')).json());
  } catch (e) {
    // The connection badge already says the server is unreachable.
  }
}

showAll.addEventListener('change', () => { loadRecent().then(() => connect()); });
document.getElementById('time-travel').addEventListener('submit', event => {
  event.preventDefault();
  const from = document.getElementById('play-from').value;
  if (!from) return;
  feed.replaceChildren();
  seen.clear();
  feedEmpty.hidden = false;
  connect(new Date(from).toISOString(), document.getElementById('play-speed').value);
});
document.getElementById('play-live').addEventListener('click', () => { loadRecent().then(() => connect()); });
let refilter = null;
document.getElementById('filters').addEventListener('input', () => {
  clearTimeout(refilter);
  refilter = setTimeout(() => { loadRecent().then(() => connect()); refreshCharts(); }, 300);
});
document.getElementById('filters').addEventListener('submit', event => event.preventDefault());
renderWeeks([], true);
loadRecent().then(() => connect());
refreshPanels();
refreshCharts();
setInterval(refreshPanels, 5000);
setInterval(refreshCharts, 10000);
