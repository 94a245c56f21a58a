// Map viewports, kept in the browser where the canvas size is known. Ids: window.explorerIds (explorer/web/ids.py).
// 1. Each map is fitted to its anchor nodes (the shared extent: every service sits in the same place in every
//    area) into the part of its box that no overlay covers: the projector's legend, evidence card and content
//    note take an edge of the map each (the one that costs the map least), and the fit leaves that edge free,
//    so no overlay lies over a label. It is fitted again whenever a box or an overlay changes size.
// 2. Projector mode with one map: the legend and evidence go down the left side (body.map-side) or along the
//    foot, whichever lets the map be drawn bigger: a tall map has room beside it, a wide one below it.
// 3. On a phone the fitted map is too small to read, so it opens at the zoom that draws labels READ_PX high,
//    centred on the picked item or the drawing, and the person pans (taps still select).
// 4. In side-by-side comparison, moving or zooming one map moves the other the same way: both use the
//    same positions and the same fitted extent, so the same viewport shows the same place.
(function () {
  var ids = window.explorerIds;
  var maps = [ids.MAP, ids.MAP2];
  var PAD = 10;  // px round the fitted anchors: explorer/view/styles.py FIT_PADDING (tests keep them equal)
  var READ_PX = 12;  // a phone opens at the zoom that draws labels this big
  var PHONE_PX = 640;  // assets/16-phone.css's breakpoint: narrower than this is a phone
  var OVERLAYS = [ids.LEGEND_CARD, ids.EVIDENCE_CARD, ids.CONTENT_NOTE];
  var syncing = false;
  var fits = {};  // map id -> the viewport its last fit set, and the anchors it fitted
  var lastSpace = '';

  function cyOf(id) {
    var box = document.getElementById(id);
    return box && box._cyreg && box._cyreg.cy;
  }
  function shown(el) {
    return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  }
  function boxes() {
    return maps.map(function (id) { return document.getElementById(id); })
      .filter(function (box) { return box && box.clientWidth > 0 && box.clientHeight > 0; });
  }

  // The px each overlay takes from a box's edges: an overlay over the box takes the one edge that leaves
  // the box most room. Side by side, both maps keep the same free part, so one viewport fits both.
  function insets() {
    var out = {left: 0, right: 0, top: 0, bottom: 0};
    var overlays = OVERLAYS.map(function (id) { return document.getElementById(id); }).filter(shown);
    boxes().forEach(function (box) {
      var r = box.getBoundingClientRect();
      overlays.forEach(function (el) {
        var o = el.getBoundingClientRect();
        if (o.right <= r.left || o.left >= r.right || o.bottom <= r.top || o.top >= r.bottom) { return; }
        var take = {left: o.right - r.left, right: r.right - o.left, top: o.bottom - r.top, bottom: r.bottom - o.top};
        var edge = ['left', 'right', 'top', 'bottom'].reduce(function (best, e) {
          var along = (e === 'left' || e === 'right') ? r.width : r.height;
          var bestAlong = (best === 'left' || best === 'right') ? r.width : r.height;
          return take[e] / along < take[best] / bestAlong ? e : best;
        });
        out[edge] = Math.max(out[edge], Math.ceil(take[edge]));
      });
    });
    return out;
  }

  // The zoom and pan that fit the anchors into the box less the insets and the padding.
  function viewportFor(cy, inset) {
    var anchors = cy.$('.anchor');
    if (anchors.length < 2) { return null; }
    var bb = anchors.boundingBox();
    var w = Math.max(cy.width() - inset.left - inset.right - 2 * PAD, 1);
    var h = Math.max(cy.height() - inset.top - inset.bottom - 2 * PAD, 1);
    var zoom = Math.min(w / Math.max(bb.w, 1), h / Math.max(bb.h, 1));
    zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), zoom));
    return {
      zoom: zoom,
      pan: {x: inset.left + PAD + (w - zoom * bb.w) / 2 - zoom * bb.x1,
            y: inset.top + PAD + (h - zoom * bb.h) / 2 - zoom * bb.y1},
      bb: [bb.x1, bb.y1, bb.x2, bb.y2]
    };
  }

  // A phone: the zoom at which the median label is READ_PX high, centred on the picked item or the drawing.
  function readable(cy, view) {
    var nodes = cy.nodes(':visible').not('.anchor');
    if (!nodes.length) { return view; }
    var sizes = nodes.map(function (n) { return parseFloat(n.style('font-size')) || 0; }).sort(function (a, b) { return a - b; });
    var font = sizes[Math.floor(sizes.length / 2)];
    if (!font || font * view.zoom >= READ_PX) { return view; }
    var zoom = Math.min(cy.maxZoom(), READ_PX * 1.01 / font);
    var picked = cy.$('.picked');
    var at = picked.length ? (picked[0].isNode() ? picked[0].position() : picked[0].midpoint()) : null;
    if (!at) { var b = nodes.boundingBox(); at = {x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2}; }
    return {zoom: zoom, pan: {x: cy.width() / 2 - zoom * at.x, y: cy.height() / 2 - zoom * at.y}, bb: view.bb};
  }

  // Side by side the two maps share one viewport (the one that fits the smaller box), so a service is at the
  // same place on screen in both.
  function fitWith(inset) {
    var shownBoxes = boxes().filter(function (box) { return cyOf(box.id); });
    var best = null;
    shownBoxes.forEach(function (box) {
      var cy = cyOf(box.id);
      // Only when the box changed size: a resize makes cytoscape redraw everything in the next frame.
      if (box.clientWidth !== cy.width() || box.clientHeight !== cy.height()) { cy.resize(); }
      var view = viewportFor(cy, inset);
      if (view && (!best || view.zoom < best.view.zoom)) { best = {cy: cy, view: view}; }
    });
    if (!best) { return; }
    var view = window.innerWidth < PHONE_PX ? readable(best.cy, best.view) : best.view;
    shownBoxes.forEach(function (box) {
      var cy = cyOf(box.id);
      // The same viewport again (the layout's own fit, or a fit already done) is not set: each set is a redraw.
      var pan = cy.pan();
      if (Math.abs(cy.zoom() - view.zoom) > 1e-9 || Math.abs(pan.x - view.pan.x) > 0.01
          || Math.abs(pan.y - view.pan.y) > 0.01) {
        syncing = true;
        cy.viewport({zoom: view.zoom, pan: view.pan});
        syncing = false;
      }
      fits[box.id] = {zoom: cy.zoom(), pan: cy.pan(), bb: view.bb};
    });
  }

  // Projector mode, one map: try the legend beside the map and below it, and keep the bigger map.
  function place() {
    var body = document.body;
    var one = body.classList.contains('projector-mode') && boxes().length === 1;
    if (!one) { body.classList.remove('map-side'); return; }
    var cy = cyOf(ids.MAP);
    if (!cy || cy.$('.anchor').length < 2) { return; }
    var zoomOf = function (side) {
      body.classList.toggle('map-side', side);
      var view = viewportFor(cy, insets());
      return view ? view.zoom : 0;
    };
    var below = zoomOf(false);
    var beside = zoomOf(true);
    body.classList.toggle('map-side', beside > below);
  }

  function fitAll() {
    place();
    var inset = insets();
    lastSpace = JSON.stringify([inset, boxes().map(function (b) { return b.clientWidth + 'x' + b.clientHeight; })]);
    fitWith(inset);
  }
  // An overlay changed size (the legend hidden, evidence shown, the note read): fit again only if the free part
  // of the maps changed, so a person's own zoom survives picking one item after another.
  function overlaysChanged() {
    place();
    var inset = insets();
    var space = JSON.stringify([inset, boxes().map(function (b) { return b.clientWidth + 'x' + b.clientHeight; })]);
    if (space !== lastSpace) { fitAll(); }
  }
  // One fit per frame: a whole fit if anything asked for one, else the overlays' check.
  var soon = null;
  function fitSoon(fn) {
    var whole = fn !== overlaysChanged;
    if (soon) { soon.whole = soon.whole || whole; return; }
    soon = {whole: whole};
    requestAnimationFrame(function () {
      var run = soon.whole ? fitAll : overlaysChanged;
      soon = null;
      run();
    });
  }

  window.explorerFit = {
    all: fitAll,
    // True while the map shows what its last fit set (a test waits on this, not on a sleep).
    fitted: function (id) {
      var cy = cyOf(id || ids.MAP);
      var last = fits[id || ids.MAP];
      if (!cy || !last) { return false; }
      var bb = cy.$('.anchor').boundingBox();
      var same = function (a, b) { return Math.abs(a - b) < 0.5; };
      return Math.abs(cy.zoom() - last.zoom) < 1e-6 && same(cy.pan().x, last.pan.x) && same(cy.pan().y, last.pan.y)
        && same(bb.x1, last.bb[0]) && same(bb.y1, last.bb[1]) && same(bb.x2, last.bb[2]) && same(bb.y2, last.bb[3]);
    },
    PAD: PAD
  };

  var overlayWatch = new ResizeObserver(function () { fitSoon(overlaysChanged); });
  function watchOverlays() {
    var missing = 0;
    OVERLAYS.forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.dataset.fitWatched) { el.dataset.fitWatched = '1'; overlayWatch.observe(el); }
      if (!el) { missing += 1; }
    });
    if (missing) { setTimeout(watchOverlays, 300); }
  }

  function watch(id) {
    var box = document.getElementById(id);
    var cy = cyOf(id);
    if (!cy) { return setTimeout(function () { watch(id); }, 150); }
    var last = '';
    new ResizeObserver(function () {
      var size = box.clientWidth + 'x' + box.clientHeight;
      if (size === last || box.clientWidth === 0) { return; }
      last = size;
      fitSoon();
    }).observe(box);
    // A map filled while its box was hidden (opened on another tab) or before the box had its size is fitted
    // once its anchors arrive; dash-cytoscape's layout fits all elements evenly, and this fit follows it.
    cy.on('add', 'node.anchor', function () { fitSoon(); });
    // After a layout, at once: the layout has just fitted every element, and fitting the anchors in the same
    // task makes one redraw of the two (a fit a frame later drew the map twice, ~25-60 ms more per toggle).
    cy.on('layoutstop', function () { if (box.clientWidth > 0) { fitAll(); } });
    cy.on('viewport', function () {
      if (syncing) { return; }
      var other = cyOf(maps[1 - maps.indexOf(id)]);
      var otherBox = document.getElementById(maps[1 - maps.indexOf(id)]);
      if (!other || !otherBox || otherBox.clientWidth === 0 || box.clientWidth === 0) { return; }
      syncing = true;
      other.viewport({zoom: cy.zoom(), pan: cy.pan()});
      syncing = false;
    });
  }
  maps.forEach(watch);
  watchOverlays();
})();
