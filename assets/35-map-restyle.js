// The main map's views, switched in the browser. The server sends a bundle of every view the browser may switch
// to (explorer/view/bundle.py: each element once, its classes, its place in each layer, one letter per view);
// this picks the state's view out of it and gives it to dash-cytoscape, which applies it in one cy.batch.
// `bundle_payload` in bundle.py makes the same choice in Python (tests keep the two equal).
//
// A click on a layer or highlight is drawn at once, from the change event, before the URL sync has been to the
// server and back: Dash would hold a clientside callback on the radios until that sync returns, because the sync
// writes the radios too. The sync's state then arrives, asks for the view already shown, and nothing is redrawn.
// Ids come from explorer/web/ids.py through window.explorerIds.
window.dash_clientside = Object.assign({}, window.dash_clientside);
(function () {
  var ids = window.explorerIds;
  var held = {
    bundle: null, serial: 0, memo: {},  // the last bundle received, a number per bundle, its views made so far
    active: null,                       // the bundle shown, while it is the one the page's map key asks for
    want: null,                         // {layer, highlight, select}: the view asked for last
    shown: null                         // which view of which bundle the map shows
  };

  function payload(bundle, want) {
    var key = want.layer + '|' + want.highlight;
    var index = bundle.views.indexOf(key);
    if (index < 0) { return null; }
    var token = held.serial + '#' + key + '#' + (want.select || '');
    if (held.memo[token]) { return held.memo[token]; }
    var elements = [];
    bundle.elements.forEach(function (entry) {
      var code = entry.v.charAt(index);
      if (code === '-') { return; }
      var look = (entry.x && entry.x[key]) || entry;
      var classes = look.classes ? [look.classes] : [];
      if (code === 'h') { classes.push('hl'); } else if (code === 'd') { classes.push('dim'); }
      if (want.select && look.data.id === want.select) { classes.push('picked'); }
      // The same data object every time, so dash-cytoscape's diff leaves an unchanged element alone.
      var element = Object.assign({data: look.data}, look.extra || {}, {classes: classes.join(' ')});
      var at = entry.at && entry.at[want.layer];
      if (at) { element.position = {x: at[0], y: at[1]}; }
      elements.push(element);
    });
    var layer = bundle.layers[want.layer];
    var sheet = (bundle.styles && bundle.styles[key]) || layer.stylesheet;  // a view's own level of detail
    var made = {token: token, elements: elements, stylesheet: sheet, layout: layer.layout};
    held.memo[token] = made;
    return made;
  }

  // A new bundle (another area, filter or tab) is fitted to its anchors once dash-cytoscape has it, as its layout
  // would be; the layout runs only when its prop changes, and a map filled while hidden was fitted to nothing.
  function refit() {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        var box = document.getElementById(ids.MAP);
        var cy = box && box._cyreg && box._cyreg.cy;
        var anchors = cy && cy.$('.anchor');
        if (!anchors || anchors.length < 2 || box.clientWidth === 0) { return; }
        cy.resize();
        cy.fit(anchors, 30);
      });
    });
  }

  function checked(id) {
    var input = document.querySelector('#' + id + ' input[type=radio]:checked');
    return input ? input.value : null;
  }

  // The layer and highlight radios: draw the view now if the shown bundle holds it.
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (!target || target.type !== 'radio' || !held.active || !held.want) { return; }
    var group = target.closest('#' + ids.LAYER + ', #' + ids.HIGHLIGHT);
    if (!group) { return; }
    var want = Object.assign({}, held.want);
    want[group.id === ids.LAYER ? 'layer' : 'highlight'] = target.value || checked(group.id);
    var made = payload(held.active, want);
    if (!made) { return; }  // not in the bundle (a big map's other layer): the server sends a new one
    held.want = want;
    if (made.token === held.shown) { return; }
    held.shown = made.token;
    window.dash_clientside.set_props(ids.MAP, {
      elements: made.elements, stylesheet: made.stylesheet, layout: made.layout
    });
  }, true);

  window.dash_clientside.explorer = Object.assign({}, window.dash_clientside.explorer, {
    // The state's view of the bundle; nothing while the bundle is not yet the one the map's key asks for.
    mapView: function (bundle, state, mapKey) {
      var none = window.dash_clientside.no_update;
      if (bundle && bundle !== held.bundle) {
        held.bundle = bundle;
        held.serial += 1;
        held.memo = {};
      }
      if (!bundle || !state || bundle.key !== mapKey) {
        held.active = null;
        return [none, none, none];
      }
      held.active = bundle;
      held.want = {layer: state.layer, highlight: state.highlight, select: state.select || ''};
      var made = payload(bundle, held.want);
      if (!made || made.token === held.shown) { return [none, none, none]; }
      var fresh = held.shown === null || held.shown.split('#')[0] !== String(held.serial);
      held.shown = made.token;
      if (fresh) { refit(); }
      return [made.elements, made.stylesheet, made.layout];
    }
  });
})();
