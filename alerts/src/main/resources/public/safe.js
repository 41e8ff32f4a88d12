// What every page uses to show text from outside sources: as text, never as HTML, and links only when http(s).
'use strict';

function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

function setText(element, text) {
  element.textContent = text == null ? '' : String(text);
}

// A measure on all destinations ("*" in the data) reads as such: it counts against every target, the EU's too.
function describeTargets(targets) {
  return (targets || []).map(t => t === '*' ? 'all destinations' : t).join(', ');
}
