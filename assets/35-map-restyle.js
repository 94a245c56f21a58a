// The main map's views, switched in the browser. The server sends a bundle of every view the browser may switch
// to (explorer/view/bundle.py: each element once, its classes, its place in each layer, one letter per view);
// this picks the state's view out of it and gives it to dash-cytoscape, which applies it in one cy.batch.
// `bundle_payload` in bundle.py makes the same choice in Python (tests keep the two equal).
//
// A click on a layer or highlight is drawn at once, from the radio's click, before the URL sync has been to the
// server and back: Dash would hold a clientside callback on the radios until that sync returns, because the sync
// writes the radios too. Dash is told of the click once the map has painted; the sync's state then arrives, asks
// for the view already shown, and nothing is redrawn.
//
// An area pick is drawn the same way (from its click or key) from the other shipped areas' bundles, which the page asks for once its map
// has painted (fetch_areas in explorer/web/callbacks.py): each under the map key the URL sync will give that
// area, so when the sync's state arrives it finds the bundle here and the server is not asked to send it again
// (the page tells it which bundles it holds). Ids come from explorer/web/ids.py through window.explorerIds.
window.dash_clientside = Object.assign({}, window.dash_clientside);
(function () {
  var ids = window.explorerIds;
  var KEEP = 16;  // bundles held: a few areas under a few filters (each ~52 KB for a study-size map)
  var held = {
    serials: new WeakMap(), next: 0,    // a number per bundle received
    bundles: [],                        // the bundles held, newest last, at most one per key
    memo: {}, memoSize: 0,              // views made so far, by token
    sheets: {},                         // each distinct stylesheet once, by its JSON (see same)
    family: {},                         // each area's map key, for the areas fetched ahead (see inFamily)
    asked: null,                        // the map key the other areas were last asked for
    mapKey: null,                       // the page's map key, as last seen (or as an area pick will make it)
    active: null,                       // the bundle shown, while it is the one the page's map key asks for
    area: null,                         // the area it is of
    want: null,                         // {layer, highlight, select}: the view asked for last
    shown: null,                        // which view of which bundle the map shows
    legend: null,                       // which legend of which bundle the page shows
    laidOut: false                      // whether the layout's own first view has been seen
  };

  function serial(bundle) {
    if (!held.serials.has(bundle)) { held.next += 1; held.serials.set(bundle, held.next); }
    return held.serials.get(bundle);
  }

  function find(key) {
    for (var i = held.bundles.length - 1; i >= 0; i -= 1) {
      if (held.bundles[i].key === key) { return held.bundles[i]; }
    }
    return null;
  }

  function tokens() {
    return held.bundles.map(function (b) { return (b.print || '') + '|' + b.key; });
  }

  // Keep a bundle (the newest for its key wins: an edit saved redraws the same key with new content).
  function keep(bundle) {
    if (held.serials.has(bundle)) { return false; }
    serial(bundle);
    held.bundles = held.bundles.filter(function (b) { return b.key !== bundle.key; });
    held.bundles.push(bundle);
    if (held.bundles.length > KEEP) { held.bundles.shift(); }
    return true;
  }

  function payload(bundle, want) {
    var key = want.layer + '|' + want.highlight;
    var index = bundle.views.indexOf(key);
    if (index < 0) { return null; }
    var token = serial(bundle) + '#' + key + '#' + (want.select || '');
    if (held.memo[token]) { return fresh(held.memo[token]); }
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
    var sheet = same((bundle.styles && bundle.styles[key]) || layer.stylesheet);  // a view's own level of detail
    var legend = bundle.legend ? serial(bundle) + '#' + bundle.legend[index] : null;
    var made = {token: token, elements: elements, stylesheet: sheet, layout: layer.layout, legend: legend,
                rows: bundle.legend ? bundle.legends[bundle.legend[index]] : null};
    if (held.memoSize > 400) { held.memo = {}; held.memoSize = 0; }
    held.memo[token] = made;
    held.memoSize += 1;
    return fresh(made);
  }

  // One object per distinct stylesheet: dash-cytoscape restyles every element when the stylesheet prop is another
  // object, and another area's bundle brings its own copy of the same sheet.
  function same(sheet) {
    var text = JSON.stringify(sheet);
    if (!held.sheets[text]) { held.sheets[text] = sheet; }
    return held.sheets[text];
  }

  // A view's elements with positions of their own: cytoscape keeps the position object it is given and moves
  // it in place when the node moves, so a view handed out twice would come back with another view's places.
  function fresh(made) {
    var elements = made.elements.map(function (element) {
      return element.position
        ? Object.assign({}, element, {position: {x: element.position.x, y: element.position.y}})
        : element;
    });
    return Object.assign({}, made, {elements: elements});
  }

  // After two frames (dash-cytoscape has the new elements, and they have been painted).
  function later(then) {
    requestAnimationFrame(function () { requestAnimationFrame(then); });
  }

  // A new bundle (another area, filter or tab) is fitted to its anchors once dash-cytoscape has it, as its layout
  // would be (assets/20-fit.js); the layout runs only when its prop changes, and a map filled while hidden was
  // fitted to nothing.
  function refit() {
    later(function () {
      window.explorerFit.all();  // assets/20-fit.js: into the part of the box no overlay covers
    });
  }

  // Which view of which bundle to show; true if the map must be given new elements.
  function choose(bundle, want) {
    var made = payload(bundle, want);
    if (!made || made.token === held.shown) { return null; }
    var fresh = held.shown === null || held.shown.split('#')[0] !== String(serial(bundle));
    held.shown = made.token;
    // The page's layout drew this very view already (explorer/web/first_view.py), but not its legend, drawn here
    // at once. Once only: the layout's bundle may be shown again later (back to the first view), and then it is
    // drawn as any other.
    if (!held.laidOut && bundle.drawn !== undefined) {
      held.laidOut = true;
      if (made.token === serial(bundle) + '#' + bundle.drawn) {
        drawLegend(made);
        return null;
      }
    }
    if (fresh) { refit(); }
    return made;
  }

  // The legend's list, as explorer.web.panels.legend draws it, from the view's rows (text, swatch image), made
  // here as plain DOM in the legend's box, which Dash renders empty and never writes. Not as Dash components:
  // dash-renderer mounts each of a list's ~80 components with a store update that every mounted component's
  // selector then runs on, so a legend given through set_props cost 150-1,100 ms of main thread (measured in
  // Chromium here), and it fell in the frames the click's map was painting in.
  function legendList(rows) {
    var list = document.createElement('ul');
    list.className = 'legend-list';
    list.setAttribute('aria-label', 'Legend');
    rows.forEach(function (row) {
      var item = document.createElement('li');
      item.className = 'legend-row';
      var swatch;
      if (row[1]) {
        swatch = document.createElement('img');
        swatch.src = row[1];
        swatch.alt = '';
        swatch.width = 44;
        swatch.height = 24;
        swatch.className = 'me-2';
      } else {
        swatch = document.createElement('span');
        swatch.className = 'legend-faded me-2';
      }
      var text = document.createElement('span');
      text.textContent = row[0];
      item.appendChild(swatch);
      item.appendChild(text);
      list.appendChild(item);
    });
    return list;
  }

  // Draw the view's legend, unless it is the one shown (most views of a map share one).
  function drawLegend(made) {
    var box = document.getElementById(ids.LEGEND);
    if (!made.rows || !box || (made.legend === held.legend && box.firstChild)) { return; }
    held.legend = made.legend;
    box.replaceChildren(legendList(made.rows));
  }

  function show(made) {
    window.dash_clientside.set_props(ids.MAP, {
      elements: made.elements, stylesheet: made.stylesheet, layout: made.layout
    });
    legendSoon(made);
  }

  // The legend after the map has painted: the click's frames are the map's.
  function legendSoon(made) {
    later(function () {
      if (held.shown === made.token) { drawLegend(made); }  // else another view since: it brings its own
    });
  }

  // Once a small map has painted, ask for the other areas' bundles under its key (a big map's bundle holds one
  // layer, and so would theirs: they are not fetched ahead).
  function askForAreas(bundle, area, mapKey) {
    if (held.asked === mapKey || inFamily(area, mapKey) || Object.keys(bundle.layers).length < 2) { return; }
    held.asked = mapKey;
    later(function () {
      if (held.mapKey === mapKey) { window.dash_clientside.set_props(ids.MAP_AREAS_ASK, {data: mapKey}); }
    });
  }

  // The layer and highlight radios: draw the view at the radio's click (a mouse's, a label's or an arrow key's:
  // each clicks the radio it checks) if the shown bundle holds it, and let Dash hear of the new value only once
  // the map has painted. Dash hears of a radio through React's click listener (dash-bootstrap's onChange), and
  // what follows (the store's update, every mounted component's selector, the URL sync's dispatch) took 20-60 ms
  // of main thread in the frames the map was being drawn and shown in (a Chromium trace here). So the click goes
  // no further than this listener, and the value is set on the radios' Dash props after the paint (tellDash).
  var told = {};  // radio group id -> the value Dash is to be told
  function tellDash(group, value) {
    var first = !(group in told);
    told[group] = value;
    if (!first) { return; }
    afterPaint(function () {
      var update = {value: told[group]};
      delete told[group];
      window.dash_clientside.set_props(group, update);
    });
  }

  // Once the map has drawn what it was just given and two frames have shown it (or, if it draws nothing,
  // a second later).
  function afterPaint(then) {
    var box = document.getElementById(ids.MAP);
    var cy = box && box._cyreg && box._cyreg.cy;
    var done = false;
    var run = function () { if (!done) { done = true; setTimeout(then, 0); } };
    if (cy) { cy.one('render', function () { later(run); }); }
    setTimeout(run, 1000);
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || target.tagName !== 'INPUT' || target.type !== 'radio' || !held.active || !held.want) { return; }
    var group = target.closest('#' + ids.LAYER + ', #' + ids.HIGHLIGHT);
    if (!group || !target.checked) { return; }
    var field = group.id === ids.LAYER ? 'layer' : 'highlight';
    if (target.value === held.want[field] && !(group.id in told)) { return; }  // no change: Dash's as ever
    var want = Object.assign({}, held.want);
    want[field] = target.value;
    if (!payload(held.active, want)) { return; }  // not in the bundle (a big map's other layer): the server's
    event.stopPropagation();
    held.want = want;
    var made = choose(held.active, want);
    if (made) { show(made); }
    tellDash(group.id, target.value);
  }, true);

  // An area picked: draw it now if its bundle is held for the map shown. The area dropdown (dash 4's) has no
  // change event; a pick is a click on one of its options' radio inputs, or Enter on one, in the popover the
  // dropdown's button controls. A Dash callback on the dropdown's value would wait for the URL sync, as above.
  // The areas fetched ahead form a family: each area's map key for states that differ in their area only
  // (none is fetched while comparing). Any member's map can switch to any other's without a fetch.
  function inFamily(area, key) {
    return Boolean(area) && held.family[area] === key;
  }

  // True if the pick was drawn here.
  function areaPicked(area) {
    var key = inFamily(held.area, held.mapKey) ? held.family[area] : null;
    var bundle = key ? find(key) : null;
    if (!bundle || !held.want || area === held.area) { return false; }
    held.mapKey = key;
    held.active = bundle;
    held.area = area;
    var made = choose(bundle, held.want);
    if (made) { show(made); }
    return true;
  }

  function pickedArea(event) {
    var input = event.target;
    if (!input || input.tagName !== 'INPUT' || input.type !== 'radio') { return null; }
    var popover = input.closest('[role=dialog]');
    var control = document.getElementById(ids.DATASET);
    if (!popover || !control || control.getAttribute('aria-controls') !== popover.id) { return null; }
    return input.value || null;
  }

  // As with the radios above: a pick drawn here reaches the dropdown (which sets its value and closes) only once
  // the map has painted, by the same click or key given to it again; if the option has gone by then (the
  // dropdown closed), the value is set on the dropdown's Dash props instead.
  var replaying = false;
  function pickLater(event, area, again) {
    event.stopPropagation();
    var input = event.target;
    afterPaint(function () {
      if (!input.isConnected) {
        window.dash_clientside.set_props(ids.DATASET, {value: area});
        return;
      }
      replaying = true;
      try { again(input); } finally { replaying = false; }
    });
  }

  document.addEventListener('click', function (event) {
    var area = replaying ? null : pickedArea(event);
    if (area && areaPicked(area)) { pickLater(event, area, function (input) { input.click(); }); }
  }, true);
  document.addEventListener('keydown', function (event) {
    var area = !replaying && (event.key === 'Enter' || event.key === ' ') ? pickedArea(event) : null;
    if (area && areaPicked(area)) {
      var key = {key: event.key, code: event.code, bubbles: true, cancelable: true};
      pickLater(event, area, function (input) { input.dispatchEvent(new KeyboardEvent('keydown', key)); });
    }
  }, true);

  window.dash_clientside.explorer = Object.assign({}, window.dash_clientside.explorer, {
    // The state's view of the bundle the page's map key asks for; nothing while that bundle is not here yet.
    mapView: function (bundle, state, mapKey) {
      var none = window.dash_clientside.no_update;
      var nothing = [none, none, none];
      if (bundle && keep(bundle)) { window.dash_clientside.set_props(ids.BUNDLES_HELD, {data: tokens()}); }
      held.mapKey = mapKey;
      var found = state && mapKey ? find(mapKey) : null;
      if (!found) {
        held.active = null;
        return nothing;
      }
      held.active = found;
      held.area = state.dataset;
      held.want = {layer: state.layer, highlight: state.highlight, select: state.select || ''};
      var made = choose(found, held.want);
      askForAreas(found, state.dataset, mapKey);
      if (made) { legendSoon(made); }
      return made ? [made.elements, made.stylesheet, made.layout] : nothing;
    },
    // The other areas' bundles arrived: keep them, note each area's key, and say what the page holds.
    keepAreas: function (areas) {
      if (!areas || !areas.areas) { return window.dash_clientside.no_update; }
      var family = {};
      family[areas.area] = areas.base;
      Object.keys(areas.areas).forEach(function (area) {
        var entry = areas.areas[area];
        if (entry.bundle) { keep(entry.bundle); }
        family[area] = entry.key;
      });
      held.family = family;
      return tokens();
    }
  });
})();
