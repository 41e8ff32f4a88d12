// The page of one breach (/breach.html?id=…): what a message's "open this breach" link opens.
'use strict';

async function showBreach() {
  const id = new URLSearchParams(location.search).get('id');
  const box = document.getElementById('breach');
  const error = document.getElementById('breach-error');
  if (!id) {
    error.hidden = false;
    setText(error, 'No breach named: the link should end in ?id=<breach id>.');
    return;
  }
  const response = await fetch('/api/breaches/' + encodeURIComponent(id));
  if (!response.ok) {
    error.hidden = false;
    setText(error, response.status === 404 ? 'No such breach (it may be older than the topics keep).'
      : 'The breach could not be read (' + response.status + ').');
    return;
  }
  const breach = await response.json();
  document.title = 'Chokepoint — ' + breach.ruleName + ' — ' + breach.groupKey;
  box.replaceChildren(renderBreachCard(breach, true));
}

showBreach();
