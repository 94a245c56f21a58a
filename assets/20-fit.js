// Keep the map fitted to its anchor nodes whenever its box changes size (banner, caption, window,
// projector resolution). Cytoscape only notices window resizes, and a fit made before a late layout
// change would leave services in different places from one area to the next.
(function () {
  function attach() {
    var box = document.getElementById('map');
    if (!box || !box._cyreg || !box._cyreg.cy) { return setTimeout(attach, 150); }
    var last = '';
    new ResizeObserver(function () {
      var size = box.clientWidth + 'x' + box.clientHeight;
      if (size === last || box.clientWidth === 0) { return; }
      last = size;
      var cy = box._cyreg.cy;
      cy.resize();
      var anchors = cy.$('.anchor');
      if (anchors.length) { cy.fit(anchors, 30); }
    }).observe(box);
  }
  attach();
})();
