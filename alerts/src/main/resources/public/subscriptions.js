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
      item.append(pause, remove);
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
    const channel = type === 'email' ? {type, address: f.get('target')} : {type, url: f.get('target')};
    const mode = f.get('mode') === 'immediate' ? {kind: 'immediate'}
      : {kind: 'digest', every: f.get('mode'), at: f.get('at') || '08:00', zone: f.get('zone') || 'UTC'};
    const body = {
      name: f.get('name'),
      filter: {
        actors: words(f.get('actors')), targets: words(f.get('targets')),
        measures: words(f.get('measures')).map(m => m.toUpperCase()), sectors: words(f.get('sectors')),
        rules: words(f.get('rules')), minSeverity: Number(f.get('minSeverity') || 0)
      },
      channels: [channel],
      mode
    };
    errors.textContent = '';
    try {
      const created = await api('POST', '/api/subscriptions', body);
      form.reset();
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
