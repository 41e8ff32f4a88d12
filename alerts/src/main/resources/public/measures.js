// The measure register page. Texts from sources are set with textContent, links kept only when http(s).
'use strict';

const DAY = 86400000;
const form = document.getElementById('register-filters');
const template = document.getElementById('measure-template');
const errorBox = document.getElementById('register-error');

function day(instant) {
  return instant ? String(instant).substring(0, 10) : '';
}

// The next change the calendar brings (not the warning before it).
function nextChange(m) {
  return (m.upcoming || []).filter(d => !d.lifecycle.endsWith('-soon')).sort((a, b) => a.at.localeCompare(b.at))[0];
}

function describe(due) {
  const days = Math.max(0, Math.ceil((Date.parse(due.at) - Date.now()) / DAY));
  const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : 'in ' + days + ' days';
  switch (due.lifecycle) {
    case 'takes-effect': return 'takes effect on ' + due.day + ' (' + when + ')';
    case 'suspension-ends': return 'suspension ends after ' + due.day + ': applies again ' + when;
    case 'expires': return 'expires after ' + due.day + ' (' + when + ')';
    default: return due.lifecycle + ' ' + due.day;
  }
}

function card(m) {
  const node = template.content.firstElementChild.cloneNode(true);
  node.dataset.id = m.id;
  node.dataset.status = m.status;
  const state = node.querySelector('.state');
  state.textContent = m.status.replace('_', ' ').toLowerCase();
  state.dataset.status = m.status;
  node.querySelector('.measure').textContent = m.measure;
  node.querySelector('.who').textContent = (m.actor || '?') + ' → ' + (describeTargets(m.targets) || '?');
  const dates = [];
  if (m.effectiveFrom) dates.push('effective ' + m.effectiveFrom);
  if (m.suspendedUntil) dates.push('suspended until ' + m.suspendedUntil);
  if (m.endsOn) dates.push('ends ' + m.endsOn);
  node.querySelector('.dates').textContent = dates.join(' · ');
  const title = node.querySelector('.title');
  title.textContent = m.title || m.id;
  const href = safeHref(m.url);
  if (href) title.href = href; else title.removeAttribute('href');
  const gist = node.querySelector('.gist');
  gist.textContent = m.gist || '';
  gist.hidden = !m.gist;
  const next = nextChange(m);
  node.querySelector('.next').textContent = next ? describe(next) : '';
  const sectors = node.querySelector('.sectors');
  for (const s of m.sectors || []) {
    const span = document.createElement('span');
    span.className = 'sector';
    span.textContent = s;
    sectors.append(span);
  }
  node.querySelector('summary').textContent = m.id + ' · ' + (m.life || []).length + ' step(s) · '
    + (m.sources || []).length + ' source(s)';
  const life = node.querySelector('.life');
  for (const step of m.life || []) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = day(step.at);
    li.append(time, ' ' + step.step + (step.until ? ' until ' + step.until : '') + (step.from ? ' from ' + step.from : '')
      + (step.byAct ? ' by ' + step.byAct : '') + ': ');
    const link = safeHref(step.url);
    if (link) {
      const a = document.createElement('a');
      a.href = link;
      a.rel = 'noopener noreferrer';
      a.textContent = step.title || link;
      li.append(a);
    } else {
      li.append(step.title || '');
    }
    life.append(li);
  }
  return node;
}

function fill(listId, measures) {
  const list = document.getElementById(listId);
  list.replaceChildren(...measures.map(card));
  document.getElementById(listId + '-empty').hidden = measures.length > 0;
}

function query() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    if (String(v).trim()) params.set(k, String(v).trim());
  }
  return params;
}

async function load() {
  const params = query();
  const dossier = new URLSearchParams();
  for (const k of ['actor', 'target']) if (params.get(k)) dossier.set(k, params.get(k));
  dossier.set('format', 'html');
  document.getElementById('dossier-link').href = '/api/dossiers?' + dossier;
  document.getElementById('calendar-link').href = '/feeds/measures.ics?' + params;
  try {
    const response = await fetch('/api/measures?' + params);
    if (!response.ok) {
      // A word outside the vocabulary: the API says which, and what was probably meant.
      const body = await response.json().catch(() => ({}));
      throw new Error((body.errors || ['the register answered ' + response.status]).join('; '));
    }
    const measures = await response.json();
    const soon = Date.now() + 30 * DAY;
    fill('changing', measures.filter(m => { const n = nextChange(m); return n && Date.parse(n.at) <= soon; }));
    fill('in-force', measures.filter(m => m.status === 'IN_FORCE'));
    fill('suspended', measures.filter(m => m.status === 'SUSPENDED'));
    fill('pending', measures.filter(m => ['ADOPTED', 'ANNOUNCED', 'UNKNOWN'].includes(m.status)));
    fill('ended', measures.filter(m => m.status === 'LIFTED' || m.status === 'EXPIRED'));
    const count = s => measures.filter(m => m.status === s).length;
    document.getElementById('register-summary').textContent = count('IN_FORCE') + ' in force · ' + count('SUSPENDED')
      + ' suspended · ' + count('ADOPTED') + ' adopted (not known to be in force) · ' + count('ANNOUNCED') + ' announced'
      + (params.get('target') ? ' — against ' + params.get('target') : '');
    errorBox.hidden = true;
  } catch (e) {
    errorBox.textContent = 'Could not read the register: ' + e.message;
    errorBox.hidden = false;
  }
}

// The filters live in the address, so that "what is in force against the EU" is a link one can send.
for (const [k, v] of new URLSearchParams(location.search)) {
  if (form.elements[k]) form.elements[k].value = v;
}
form.addEventListener('submit', event => {
  event.preventDefault();
  history.replaceState(null, '', '?' + query());
  load();
});
load();
setInterval(load, 60000);
