// Corrections on the live page: an analyst marks an indicator wrong and gives the right measure, stage, actor or
// targets. The bearer token is the one given in the Subscriptions panel (this tab's sessionStorage); the server
// records the token owner's name. The corrected indicator comes back through the live stream and replaces the card.
'use strict';

(function () {
  const feedList = document.getElementById('feed');

  feedList.addEventListener('submit', async event => {
    const form = event.target;
    if (!form.classList || !form.classList.contains('correct-form')) return;
    event.preventDefault();
    const card = form.closest('li.indicator');
    const errors = form.querySelector('.correct-errors');
    errors.textContent = '';
    const token = sessionStorage.getItem('chokepoint-token') || '';
    if (!token) {
      errors.textContent = 'Give your access token (Subscriptions panel) to correct an indicator.';
      return;
    }
    const measure = form.elements.measure.value;
    const body = {
      measure: measure,
      stage: measure === 'NONE' || form.elements.stage.value === '' ? null : form.elements.stage.value,
      actor: form.elements.actor.value.trim().toUpperCase() || null,
      targets: form.elements.targets.value.split(',').map(t => t.trim().toUpperCase()).filter(t => t !== ''),
      note: form.elements.note.value.trim() || undefined,
    };
    try {
      const response = await fetch('/api/indicators/' + encodeURIComponent(card.dataset.id) + '/correction', {
        method: 'POST',
        headers: {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        errors.textContent = response.status === 401 ? 'the access token was not accepted'
          : (answer.errors || ['refused (' + response.status + ')']).join('\n');
        return;
      }
      errors.textContent = 'Sent: the corrected indicator replaces this card when the classifier has it.';
    } catch (e) {
      errors.textContent = 'not sent: ' + e.message;
    }
  });
})();
