// Quick exit and content note (explorer/web/safety.py). Ids: window.explorerIds (explorer/web/ids.py).
(function () {
  var DRAFT = 'explorer.noteDraft';
  var SEEN = 'explorer.contentNoteSeen';
  var ids = window.explorerIds;
  var lastEscape = 0;

  function store(key, value) {
    try { if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); } }
    catch (e) { /* storage off: leaving still works */ }
  }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  function draftNote() {
    var box = document.getElementById(ids.NOTE_TEXT);
    var text = box && box.value ? box.value.trim() : '';
    if (!text) { return; }
    var params = new URLSearchParams(location.search);
    store(DRAFT, JSON.stringify({text: box.value, dataset: params.get('dataset') || '',
                                 select: params.get('select') || '', search: location.search}));
  }

  function leave() {
    draftNote();  // first, so nothing typed is lost
    var button = document.getElementById(ids.QUICK_EXIT);
    var url = (button && button.getAttribute('data-exit-url')) || 'about:blank';
    document.body.style.visibility = 'hidden';  // nothing readable while the next page loads
    // The app sends its own pages the page's URL (Referrer-Policy: same-origin, for explorer/web/first_view.py);
    // the page left behind must not be named to the next one, not even to the neutral page on this origin.
    var quiet = document.createElement('meta');
    quiet.name = 'referrer';
    quiet.content = 'no-referrer';
    document.head.appendChild(quiet);
    location.replace(url);
  }
  // A note drafted at a quick exit goes back into the note box once its item is open again (the box is
  // enabled once an item is chosen). Set through React's own setter and an input event, so Dash sees the
  // value as typed. The text never leaves the browser.
  function restoreDraft() {
    var saved = read(DRAFT);
    var box = document.getElementById(ids.NOTE_TEXT);
    if (!saved || !box || box.disabled || box.value) { return; }
    var draft;
    try { draft = JSON.parse(saved); } catch (e) { store(DRAFT, null); return; }
    var params = new URLSearchParams(location.search);
    if (draft.dataset !== (params.get('dataset') || '') || draft.select !== (params.get('select') || '')) {
      return;
    }
    var setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(box, draft.text);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    store(DRAFT, null);
  }
  if (read(DRAFT)) {
    var watcher = new MutationObserver(function () {
      restoreDraft();
      if (!read(DRAFT)) { watcher.disconnect(); }
    });
    watcher.observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                               attributeFilter: ['disabled']});
  }
  window.explorerSafety = {leave: leave};

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.id === ids.QUICK_EXIT) { event.preventDefault(); leave(); }
    if (target && target.id === ids.CONTENT_NOTE_CLOSE) {
      store(SEEN, '1');
      var note = document.getElementById(ids.CONTENT_NOTE);
      if (note) { note.hidden = true; }
      var map = document.getElementById(ids.MAP);
      if (map) { map.focus(); }
    }
  }, true);
  // Escape twice within a second leaves, wherever the focus is (capture: before any other handler).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { lastEscape = 0; leave(); return; }
    lastEscape = now;
  }, true);

  function showNote() {
    var note = document.getElementById(ids.CONTENT_NOTE);
    if (!note) { return setTimeout(showNote, 100); }
    if (!read(SEEN)) { note.hidden = false; }
  }
  showNote();
})();
