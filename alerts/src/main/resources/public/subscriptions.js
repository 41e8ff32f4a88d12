// Subscription management on the live page. The bearer token stays in this tab (sessionStorage) and goes only to
// this server's API; everything the server returns is inserted as text.
'use strict';

(function () {
  const tokenInput = document.getElementById('token');
  const list = document.getElementById('subscriptions');
  const message = document.getElementById('subscriptions-message');
  const form = document.getElementById('subscription-form');
  const errors = document.getElementById('subscription-errors');

  function token() {
    return sessionStorage.getItem('chokepoint-token') || '';
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({'Authorization': 'Bearer ' + token()}, body ? {'Content-Type': 'application/json'} : {}),
      body: body ? JSON.stringify(body) : undefined
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const why = data && data.errors ? data.errors.join('\n') : 'HTTP ' + response.status;
      throw new Error(response.status === 401 ? 'the access token was not accepted' : why);
    }
    return data;
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content == null ? '' : String(content);
    if (className) {
      element.className = className;
    }
    return element;
  }

  function describeFilter(filter) {
    const parts = [];
    if (filter.actors && filter.actors.length) parts.push('by ' + filter.actors.join(', '));
    if (filter.targets && filter.targets.length) parts.push('against ' + filter.targets.join(', '));
    if (filter.measures && filter.measures.length) parts.push(filter.measures.join(', '));
    if (filter.sectors && filter.sectors.length) parts.push('sectors ' + filter.sectors.join(', '));
    if (filter.rules && filter.rules.length) parts.push('rules ' + filter.rules.join(', '));
    if (filter.minSeverity) parts.push('severity ≥ ' + filter.minSeverity);
    return parts.length ? parts.join(' · ') : 'every breach';
  }

  function render(subscriptions) {
    list.replaceChildren();
    message.hidden = subscriptions.length > 0;
    message.textContent = 'No subscriptions yet.';
    for (const s of subscriptions) {
      const item = document.createElement('li');
      item.dataset.paused = String(s.paused);
      item.append(text('strong', s.name), text('span', ' — ' + describeFilter(s.filter || {})));
      item.append(text('span', s.mode && s.mode.digest ? ' · ' + s.mode.cadence.toLowerCase() + ' digest' : ' · at once'));
      for (const c of s.channels) {
        const line = text('span', c.type + ' ' + (c.address || '') + ': ' + c.status + (c.detail ? ' (' + c.detail + ')' : ''), 'channel');
        line.dataset.status = c.status;
        item.append(line);
      }
      const pause = text('button', s.paused ? 'resume' : 'pause');
      pause.type = 'button';
      pause.addEventListener('click', () => act('POST', '/api/subscriptions/' + encodeURIComponent(s.id) + (s.paused ? '/resume' : '/pause')));
      const remove = text('button', 'delete');
      remove.type = 'button';
      remove.addEventListener('click', () => {
        if (confirm('Delete “' + s.name + '”?')) {
          act('DELETE', '/api/subscriptions/' + encodeURIComponent(s.id));
        }
      });
      const edit = text('button', 'edit');
      edit.type = 'button';
      edit.addEventListener('click', () => startEditing(s));
      item.append(pause, edit, remove);
      list.append(item);
    }
  }

  async function act(method, path) {
    try {
      await api(method, path);
      await refresh();
    } catch (e) {
      message.hidden = false;
      message.textContent = e.message;
    }
  }

  async function refresh() {
    if (!token()) {
      return;
    }
    try {
      render(await api('GET', '/api/subscriptions'));
    } catch (e) {
      list.replaceChildren();
      message.hidden = false;
      message.textContent = e.message;
    }
  }

  let editing = null;

  // Loads a subscription into the form; its first channel is kept as it is unless a new address or URL is given.
  function startEditing(s) {
    editing = s;
    const filter = s.filter || {};
    form.elements.name.value = s.name;
    form.elements.actors.value = (filter.actors || []).join(', ');
    form.elements.targets.value = (filter.targets || []).join(', ');
    form.elements.measures.value = (filter.measures || []).join(', ');
    form.elements.sectors.value = (filter.sectors || []).join(', ');
    form.elements.rules.value = (filter.rules || []).join(', ');
    form.elements.minSeverity.value = filter.minSeverity || 0;
    const first = s.channels[0];
    form.elements.type.value = first.type;
    form.elements.target.value = first.type === 'email' ? first.address : '';
    form.elements.target.required = false;
    form.elements.target.placeholder = first.type === 'email' ? '' : 'unchanged (' + first.address + ')';
    form.elements.mode.value = s.mode && s.mode.digest ? s.mode.cadence.toLowerCase() : 'immediate';
    if (s.mode && s.mode.digest) {
      form.elements.at.value = String(s.mode.at || '08:00').slice(0, 5);
      form.elements.zone.value = s.mode.zone || '';
    }
    form.querySelector('button[type=submit]').textContent = 'save changes';
    document.getElementById('subscription-new').open = true;
  }

  function stopEditing() {
    editing = null;
    form.reset();
    form.elements.target.required = true;
    form.elements.target.placeholder = 'https://hooks.slack.com/services/…';
    form.querySelector('button[type=submit]').textContent = 'subscribe';
  }

  function words(value) {
    return value.split(/[\s,]+/).map(v => v.trim()).filter(v => v.length > 0);
  }

  document.getElementById('token-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem('chokepoint-token', tokenInput.value.trim());
    tokenInput.value = '';
    refresh();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const f = new FormData(form);
    const type = f.get('type');
    const given = String(f.get('target') || '').trim();
    let channel = type === 'email' ? {type, address: given} : {type, url: given};
    let channels = [channel];
    if (editing) {
      const first = editing.channels[0];
      if (first.type === type && (given === '' || (type === 'email' && given === first.address))) {
        channel = type === 'email' ? {id: first.id, type, address: first.address} : {id: first.id, type};
      }
      // The other channels stay as they are.
      channels = [channel].concat(editing.channels.slice(1).map(c => c.type === 'email'
        ? {id: c.id, type: c.type, address: c.address} : {id: c.id, type: c.type}));
    }
    const mode = f.get('mode') === 'immediate' ? {kind: 'immediate'}
      : {kind: 'digest', every: f.get('mode'), at: f.get('at') || '08:00', zone: f.get('zone') || 'UTC'};
    const body = {
      name: f.get('name'),
      filter: {
        actors: words(f.get('actors')), targets: words(f.get('targets')),
        measures: words(f.get('measures')).map(m => m.toUpperCase()), sectors: words(f.get('sectors')),
        rules: words(f.get('rules')), minSeverity: Number(f.get('minSeverity') || 0)
      },
      channels,
      mode,
      quietHours: editing ? editing.quietHours : undefined,
      silences: editing ? (editing.silences || []).map(x => ({rule: x.rule, key: x.key, until: x.until, untilResolved: x.untilResolved})) : undefined,
      paused: editing ? editing.paused : false
    };
    errors.textContent = '';
    try {
      const created = editing
        ? await api('PUT', '/api/subscriptions/' + encodeURIComponent(editing.id), body)
        : await api('POST', '/api/subscriptions', body);
      stopEditing();
      if (created.generatedSecrets) {
        errors.textContent = 'Signing secret for your webhook (shown once): ' + Object.values(created.generatedSecrets).join(', ');
      }
      await refresh();
    } catch (e) {
      errors.textContent = e.message;
    }
  });

  refresh();
  setInterval(refresh, 15000);
})();
