// Replays from the page: start one, follow its progress, show what would have fired beside what did. The access
// token is the one given in the Subscriptions panel; every value from the server is inserted as text.
'use strict';

(function () {
  const form = document.getElementById('replay-form');
  const bar = document.getElementById('replay-progress');
  const status = document.getElementById('replay-status');
  const table = document.getElementById('replay-breaches');
  const changes = document.getElementById('replay-changes');

  function token() {
    return sessionStorage.getItem('chokepoint-token') || '';
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({'Authorization': 'Bearer ' + token()}, body ? {'Content-Type': 'application/json'} : {}),
      body: body ? JSON.stringify(body) : undefined
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const why = data && data.errors ? data.errors.join('\n') : 'HTTP ' + response.status;
      const wait = response.headers.get('Retry-After');
      throw new Error(response.status === 401 ? 'give your access token in the Subscriptions panel first'
        : why + (wait ? ' (try again in ' + wait + ' s)' : ''));
    }
    return data;
  }

  function cell(row, text, only) {
    const td = document.createElement('td');
    td.textContent = text;
    if (only) {
      td.dataset.only = only;
    }
    row.append(td);
  }

  function show(replay) {
    const result = replay.result;
    bar.value = replay.total ? Math.round(100 * replay.read / replay.total) : 0;
    if (replay.state === 'FAILED') {
      bar.hidden = true;
      status.textContent = 'Replay failed: ' + replay.error;
      return true;
    }
    if (replay.state !== 'DONE') {
      status.textContent = replay.phase + '… ' + replay.read + ' of ' + replay.total + ' records';
      return false;
    }
    bar.hidden = true;
    status.textContent = result.itemsRead + ' items replayed in ' + result.seconds.toFixed(1) + ' s: ' + result.both
      + ' breach(es) in both, ' + result.onlyReplay + ' only in the replay, ' + result.onlyLive + ' only live; '
      + result.changedCount + ' item(s) classified differently now.';
    const body = table.querySelector('tbody');
    body.replaceChildren();
    for (const b of result.breaches) {
      const row = document.createElement('tr');
      const only = b.inReplay && !b.inLive ? 'replay' : (!b.inReplay && b.inLive ? 'live' : null);
      cell(row, String(b.firedAt).replace('T', ' ').slice(0, 16));
      cell(row, b.ruleName || b.ruleId, only);
      cell(row, b.groupKey);
      cell(row, b.count);
      cell(row, b.inReplay ? 'yes' : '–');
      cell(row, b.inLive ? 'yes' : '–');
      body.append(row);
    }
    table.hidden = result.breaches.length === 0;
    changes.replaceChildren();
    for (const c of result.changes.slice(0, 50)) {
      const item = document.createElement('li');
      item.textContent = (c.title || c.itemId) + ': ' + c.liveMeasure + ' ' + c.liveStage + ' ' + (c.liveActor || '?')
        + ' → ' + c.replayMeasure + ' ' + c.replayStage + ' ' + (c.replayActor || '?');
      changes.append(item);
    }
    return true;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const f = new FormData(form);
    const body = {from: f.get('from'), to: f.get('to')};
    if (String(f.get('rules') || '').trim()) {
      body.rules = f.get('rules');
    }
    table.hidden = true;
    changes.replaceChildren();
    try {
      let replay = await call('POST', '/api/replays', body);
      bar.hidden = false;
      while (!show(replay)) {
        await new Promise(resolve => setTimeout(resolve, 700));
        replay = await call('GET', '/api/replays/' + encodeURIComponent(replay.id));
      }
    } catch (e) {
      bar.hidden = true;
      status.textContent = e.message;
    }
  });
})();
