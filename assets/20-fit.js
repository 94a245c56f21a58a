// Map viewports, kept in the browser where the canvas size is known. Ids: window.explorerIds (explorer/web/ids.py).
// 1. Keep each map fitted to its anchor nodes whenever its box changes size (banner, caption, window,
//    projector resolution, the compare column opening): cytoscape only notices window resizes.
// 2. In side-by-side comparison, moving or zooming one map moves the other the same way: both use the
//    same positions and the same fitted extent, so the same viewport shows the same place.
(function () {
  var ids = [window.explorerIds.MAP, window.explorerIds.MAP2];
  var syncing = false;
  function cyOf(id) {
    var box = document.getElementById(id);
    return box && box._cyreg && box._cyreg.cy;
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
      cy.resize();
      var anchors = cy.$('.anchor');
      if (anchors.length) { cy.fit(anchors, 30); }
    }).observe(box);
    // A map filled while its box was hidden (opened on another tab) or before the box had its size is fitted
    // once its anchors arrive: the preset layout fitted it to nothing, and no resize will come to redo it.
    cy.on('add', 'node.anchor', function () {
      requestAnimationFrame(function () {
        var anchors = cy.$('.anchor');
        if (box.clientWidth === 0 || anchors.length < 2) { return; }
        cy.resize();
        cy.fit(anchors, 30);
      });
    });
    cy.on('viewport', function () {
      if (syncing) { return; }
      var other = cyOf(ids[1 - ids.indexOf(id)]);
      var otherBox = document.getElementById(ids[1 - ids.indexOf(id)]);
      if (!other || !otherBox || otherBox.clientWidth === 0 || box.clientWidth === 0) { return; }
      syncing = true;
      other.viewport({zoom: cy.zoom(), pan: cy.pan()});
      syncing = false;
    });
  }
  ids.forEach(watch);
})();
