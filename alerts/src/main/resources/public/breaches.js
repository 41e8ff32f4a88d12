// A breach as a card: what crossed, its notices (each linked to its source, with its English gist), the Art. 2(2)
// figures and the links to the breach's own page and its dossier. Shared by the live page and breach.html. Text from
// outside sources is set with textContent only.
'use strict';

const NOTICES_ON_CARD = 5;

function breachHref(id) {
  return '/breach.html?id=' + encodeURIComponent(id);
}

function dossierHref(id) {
  return '/api/dossiers?breach=' + encodeURIComponent(id) + '&format=html';
}

function isoMinuteUtc(instant) {
  return new Date(instant).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function humanWindow(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
  if (!m) return iso;
  const seconds = (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]]) {
    if (seconds % size === 0 && seconds >= size) return (seconds / size) + unit;
  }
  return seconds + 's';
}

function noticeItem(ref) {
  const li = document.createElement('li');
  li.className = 'notice';
  li.dataset.indicator = ref.id;
  const href = safeHref(ref.url);
  const title = document.createElement(href ? 'a' : 'span');
  title.className = 'notice-title';
  setText(title, ref.title || '(no title)');
  if (href) {
    title.href = href;
    title.rel = 'noopener noreferrer nofollow';
    title.target = '_blank';
  }
  li.append(title);
  if (ref.gist) {
    const gist = document.createElement('p');
    gist.className = 'gist';
    gist.lang = 'en';
    setText(gist, ref.gist);
    li.append(gist);
  }
  const meta = document.createElement('p');
  meta.className = 'notice-meta';
  const targets = describeTargets(ref.targets);
  setText(meta, [ref.measure, ref.stage, (ref.actor || '?') + (targets ? ' → ' + targets : ''),
    'severity ' + ref.severity, ref.occurredAt ? isoMinuteUtc(ref.occurredAt) : '', 'source: ' + (ref.sourceId || '?')]
    .filter(Boolean).join(' · '));
  li.append(meta);
  if ((ref.targets || []).includes('*')) {
    const everyone = document.createElement('span');
    everyone.className = 'everyone';
    setText(everyone, 'applies to all destinations');
    meta.prepend(everyone, ' ');
  }
  return li;
}

// full: the breach's own page (every notice, the figures open); otherwise a card on the live page.
function renderBreachCard(breach, full, openIds) {
  const item = document.createElement(full ? 'article' : 'li');
  item.className = 'breach';
  item.id = 'breach-' + breach.id;
  item.dataset.breach = breach.id;
  item.dataset.state = breach.state;
  const heading = document.createElement(full ? 'h2' : 'h3');
  const link = document.createElement('a');
  link.href = breachHref(breach.id);
  setText(link, breach.ruleName + (breach.kind === 'health' ? '' : ' — ' + breach.groupKey));
  heading.append(link);
  const detail = document.createElement('p');
  setText(detail, breach.kind === 'health' || !breach.window
    ? breach.state + ' · fired ' + isoMinuteUtc(breach.firedAt)
    : breach.state + ': ' + breach.count + ' indicator(s) in ' + humanWindow(breach.window)
      + ' (threshold ' + breach.threshold + '), since ' + isoMinuteUtc(breach.firedAt));
  item.append(heading, detail);
  const refs = (breach.indicators || []).slice().reverse();
  if (refs.length > 0) {
    const notices = document.createElement('ol');
    notices.className = 'notices';
    for (const ref of (full ? refs : refs.slice(0, NOTICES_ON_CARD))) notices.append(noticeItem(ref));
    item.append(notices);
    if (!full && refs.length > NOTICES_ON_CARD) {
      const more = document.createElement('p');
      const a = document.createElement('a');
      a.href = breachHref(breach.id);
      setText(a, '… and ' + (refs.length - NOTICES_ON_CARD) + ' more notice(s)');
      more.append(a);
      item.append(more);
    }
  }
  const links = document.createElement('p');
  links.className = 'breach-links';
  const dossier = document.createElement('a');
  dossier.href = dossierHref(breach.id);
  dossier.className = 'dossier-link';
  setText(dossier, 'dossier');
  const own = document.createElement('a');
  own.href = breachHref(breach.id);
  setText(own, 'open this breach');
  if (breach.kind !== 'health') links.append(dossier, ' · ');
  links.append(own);
  item.append(links);
  const more = document.createElement('details');
  more.dataset.breach = breach.id;
  more.open = full || (openIds && openIds.has(breach.id));
  const summary = document.createElement('summary');
  const parts = [];
  if ((breach.criteria || []).length > 0) parts.push('Art. 2(2) figures');
  if ((breach.counterLeverage || []).length > 0) parts.push('counter-leverage');
  if ((breach.responseOptions || []).length > 0) parts.push('response options');
  setText(summary, parts.length > 0 ? parts.join(', ') : 'details');
  more.append(summary);
  if ((breach.criteria || []).length > 0) {
    const criteria = document.createElement('ul');
    criteria.className = 'criteria';
    for (const c of breach.criteria) {
      const line = document.createElement('li');
      setText(line, c.name + ': ' + c.figure);
      criteria.append(line);
    }
    more.append(criteria);
  }
  if ((breach.counterLeverage || []).length > 0) {
    const title = document.createElement('p');
    title.className = 'leverage';
    setText(title, 'Counter-leverage:');
    const leverage = document.createElement('ul');
    leverage.className = 'leverage';
    for (const lever of breach.counterLeverage) {
      const line = document.createElement('li');
      setText(line, lever);
      leverage.append(line);
    }
    more.append(title, leverage);
  }
  if ((breach.responseOptions || []).length > 0) {
    const options = document.createElement('p');
    options.className = 'leverage';
    setText(options, 'ACI response options: ' + breach.responseOptions.join('; '));
    more.append(options);
  }
  if (parts.length > 0) item.append(more);
  return item;
}
