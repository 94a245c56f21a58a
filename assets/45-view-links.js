// Links that change part of the view (explorer/web/view_links.py): a click applies the link's fields to the
// view the page shows now, and navigates as dcc.Link does (history, then Dash's Location hears of it), so
// such links need not be redrawn on every toggle.
(function () {
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest && event.target.closest('a[data-view-patch]');
    if (!link || event.defaultPrevented || event.button !== 0) { return; }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }  // a new tab: the href
    var patch;
    try { patch = JSON.parse(link.getAttribute('data-view-patch')); } catch (e) { return; }
    var query = new URLSearchParams(window.location.search);
    Object.keys(patch).forEach(function (key) {
      if (patch[key] === '') { query.delete(key); } else { query.set(key, patch[key]); }
    });
    event.preventDefault();
    var search = query.toString();
    window.history.pushState({}, '', window.location.pathname + (search ? '?' + search : ''));
    window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
    window.scrollTo(0, 0);
  }, true);
})();
