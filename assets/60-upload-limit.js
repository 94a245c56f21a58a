// Uploads over the limit are refused in the page, before they are sent (explorer/web/importer.py).
// The server would answer such a request with 413, which reaches only the console; here the person
// sees the same kind of message as any other refusal, in the import status. Ids: window.explorerIds.
(function () {
  var ids = window.explorerIds;

  function tooLarge(files) {
    var box = document.querySelector('[data-max-bytes]');
    var limit = box ? Number(box.getAttribute('data-max-bytes')) : 0;
    var total = 0, names = [];
    for (var i = 0; i < (files || []).length; i++) { total += files[i].size; names.push(files[i].name); }
    if (!limit || total <= limit) { return null; }
    var mb = function (n) { return (n / 1048576).toFixed(1) + ' MB'; };
    return 'Nothing was loaded: ' + names.join(' + ') + ' is ' + mb(total) +
      '; an upload may be at most ' + mb(limit) + '. Split the map, or leave out evidence it does not need.';
  }

  function refuse(event, files) {
    var message = tooLarge(files);
    if (!message) { return false; }
    // Capture phase, before the upload component (React) sees the files: it never reads or sends them.
    event.stopPropagation();
    event.preventDefault();
    if (event.target && event.target.tagName === 'INPUT') { event.target.value = ''; }
    window.dash_clientside.set_props(ids.IMPORT_STATUS, {children: {
      type: 'Div', namespace: 'dash_html_components',
      props: {children: message, className: 'alert alert-danger py-1 my-1', role: 'alert'}
    }});
    return true;
  }

  // The same file chosen again must preview again. A browser fires no change for a selection equal to the
  // input's last one, and Dash runs no callback for contents equal to the last: so once the component has
  // taken the files the input forgets them, and before a new selection is read the contents are emptied
  // (the upload callback ignores empty contents).
  function forgetLast() { window.dash_clientside.set_props(ids.UPLOAD, {contents: null}); }
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.type === 'file' && target.closest('#' + ids.UPLOAD)) {
      if (!refuse(event, target.files)) { forgetLast(); }
    }
  }, true);
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.type === 'file' && target.closest('#' + ids.UPLOAD)) {
      setTimeout(function () { target.value = ''; }, 0);
    }
  }, false);
  document.addEventListener('drop', function (event) {
    var target = event.target && event.target.closest && event.target.closest('#' + ids.UPLOAD);
    if (target && event.dataTransfer && !refuse(event, event.dataTransfer.files)) { forgetLast(); }
  }, true);
})();
