'use strict';
// The API browser: every path and method of /openapi.json with its summary, parameters and answers, built as DOM
// nodes (no HTML from the description is ever parsed).
function text(tag, value, className) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (className) node.className = className;
  return node;
}

fetch('/openapi.json').then(r => r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))).then(spec => {
  const list = document.getElementById('operations');
  for (const [path, item] of Object.entries(spec.paths || {}).sort()) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const li = document.createElement('li');
      li.className = 'operation';
      const head = document.createElement('h3');
      head.append(text('span', method.toUpperCase(), 'method'), ' ', text('code', path));
      li.append(head);
      if (op.summary || op.description) li.append(text('p', op.summary || op.description));
      const params = (op.parameters || []).map(p => p.name + ' (' + p.in + (p.required ? ', required' : '') + ')');
      if (params.length > 0) li.append(text('p', 'Parameters: ' + params.join(', '), 'params'));
      const answers = Object.keys(op.responses || {});
      if (answers.length > 0) li.append(text('p', 'Answers: ' + answers.join(', '), 'params'));
      list.append(li);
    }
  }
}).catch(error => {
  const box = document.getElementById('api-error');
  box.hidden = false;
  box.textContent = 'The OpenAPI description could not be read: ' + error.message;
});
