// Presentation mode in the browser (explorer/web/presentation.py): the page's look, and the keys that drive it.
// Ids come from explorer/web/ids.py through window.explorerIds.
window.dash_clientside = Object.assign({}, window.dash_clientside);
window.dash_clientside.explorer = Object.assign({}, window.dash_clientside.explorer, {
  // An anonymous voter's own token (explorer/web/notes.py), made once in the browser: no round trip at load.
  mintVoter: function (_modified, voter) {
    if (voter) { return window.dash_clientside.no_update; }
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  },
  // Projector mode (explorer/web/projector.py): the page's look follows the state's `projector` flag.
  projectorMode: function (state) {
    var on = !!(state && state.projector);
    document.body.classList.toggle('projector-mode', on);
    if (!window.explorerLegendHide) {
      window.explorerLegendHide = true;
      document.addEventListener('click', function (event) {
        var button = event.target && event.target.closest && event.target.closest('#' + window.explorerIds.LEGEND_HIDE);
        if (!button) { return; }
        var hidden = document.body.classList.toggle('legend-hidden');
        button.textContent = hidden ? 'Show legend' : 'Hide legend';
        button.setAttribute('aria-pressed', hidden ? 'true' : 'false');
      });
    }
    return on;
  },
  presentMode: function (pathname) {
    var ids = window.explorerIds;
    var on = /\/present\/\d+\/\d+\/?$/.test(pathname || '');
    document.body.classList.toggle('present-mode', on);
    if (!window.explorerPresentKeys) {
      window.explorerPresentKeys = true;
      document.addEventListener('keydown', function (event) {
        if (!document.body.classList.contains('present-mode')) { return; }
        if (event.altKey || event.ctrlKey || event.metaKey) { return; }
        var target = event.target || {};
        if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName || '')) { return; }
        var press = function (id) {
          var button = document.getElementById(id);
          if (button && !button.disabled) { button.click(); }
          event.preventDefault();
        };
        var onButton = /^(BUTTON|A)$/.test(target.tagName || '');
        if (event.key === 'ArrowRight' || event.key === 'PageDown' || (event.key === ' ' && !onButton)) {
          press(ids.PRESENT_NEXT);
        } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
          press(ids.PRESENT_PREV);
        } else if (event.key === 'Escape' && !document.fullscreenElement) {
          press(ids.PRESENT_EXIT);
        } else if (event.key === 'f' || event.key === 'F') {
          press(ids.PRESENT_FULL);
        }
      });
    }
    return on;
  },
  toggleFullscreen: function (clicks) {
    if (!clicks) { return window.dash_clientside.no_update; }
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
    return window.dash_clientside.no_update;
  },
  centreOn: function (request) {
    // Centre the map on what the search found: the server does not know the canvas size.
    var none = window.dash_clientside.no_update;
    var box = document.getElementById(window.explorerIds.MAP);
    var cy = box && box._cyreg && box._cyreg.cy;
    if (!request || !cy) { return none; }
    var item = cy.getElementById(request.id);
    if (item.empty()) { return none; }
    // Centre the node itself: cytoscape's own `center` would centre node and label together.
    var zoom = Math.max(cy.zoom(), 0.9);
    var at = item.isNode() ? item.position() : item.midpoint();
    cy.stop();
    cy.animate({zoom: zoom, pan: {x: cy.width() / 2 - zoom * at.x, y: cy.height() / 2 - zoom * at.y}},
               {duration: 250});
    return request.id;
  }
});
