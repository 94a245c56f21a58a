// The map by keyboard and screen reader (explorer/web/map_keyboard.py). Ids: window.explorerIds.
(function () {
  var ids = window.explorerIds;
  var vocab = window.explorerVocab || {sector: {}, type: {}, status: {}, kind: {}};
  var current = null;  // the node the keyboard is on
  var ring = null;

  function cyOf() { var b = document.getElementById(ids.MAP); return b && b._cyreg && b._cyreg.cy; }
  function classValue(ele, prefix) {
    var found = ele.classes().filter(function (c) { return c.indexOf(prefix + '-') === 0; })[0];
    return found ? found.slice(prefix.length + 1) : '';
  }
  function items(cy) {
    return cy.nodes(':visible').not('.anchor').sort(function (a, b) {
      return (a.position('y') - b.position('y')) || (a.position('x') - b.position('x'));
    });
  }
  // The full name: the map may draw a short label (data 'name' then holds the whole one).
  function nameOf(node) { return node.data('name') || node.data('label'); }
  function linkWords(edge, node) {
    var kind = vocab.kind[classValue(edge, 'kind')] || 'linked to';
    var status = vocab.status[classValue(edge, 'status')] || '';
    var out = edge.source().same(node);
    var other = out ? edge.target() : edge.source();
    var phrase = out ? kind + ' ' + nameOf(other) : 'from ' + nameOf(other) + ' (' + kind + ')';
    return phrase + (status ? ', ' + status.toLowerCase() : '');
  }
  function describe(node) {
    var parts = [nameOf(node)];
    var type = vocab.type[classValue(node, 'type')], sector = vocab.sector[classValue(node, 'sector')];
    parts.push([type, sector].filter(Boolean).join(', '));
    var edges = node.connectedEdges(':visible');
    if (!edges.length) { parts.push('No links.'); }
    else {
      parts.push(edges.length + (edges.length === 1 ? ' link: ' : ' links: ') +
                 edges.map(function (e) { return linkWords(e, node); }).join('; '));
    }
    return parts.filter(Boolean).join('. ') + '.';
  }
  function say(text) {
    var live = document.getElementById(ids.MAP_ANNOUNCE);
    if (live) { live.textContent = text; }
  }
  function drawRing() {
    var cy = cyOf(), box = document.getElementById(ids.MAP);
    if (!ring || !cy || !box) { return; }
    if (!current || current.removed() || !current.visible() || document.activeElement !== box) {
      ring.style.display = 'none'; return;
    }
    var r = current.renderedBoundingBox({includeLabels: true});
    var pad = 6;
    ring.style.display = 'block';
    ring.style.left = (box.offsetLeft + r.x1 - pad) + 'px';
    ring.style.top = (box.offsetTop + r.y1 - pad) + 'px';
    ring.style.width = (r.w + 2 * pad) + 'px';
    ring.style.height = (r.h + 2 * pad) + 'px';
  }
  function moveTo(node, lead) {
    current = node;
    var cy = cyOf(), p = node.renderedPosition();
    if (p.x < 0 || p.y < 0 || p.x > cy.width() || p.y > cy.height()) { cy.center(node); }
    drawRing();
    say((lead || '') + describe(node));
  }
  function neighbourToward(node, dx, dy) {
    var best = null, bestScore = -Infinity, at = node.position();
    node.neighborhood('node:visible').not('.anchor').forEach(function (other) {
      var o = other.position(), vx = o.x - at.x, vy = o.y - at.y, len = Math.hypot(vx, vy) || 1;
      var cos = (vx * dx + vy * dy) / len;
      if (cos < 0.35) { return; }  // not that way
      var score = cos - len / 5000;
      if (score > bestScore) { best = other; bestScore = score; }
    });
    return best;
  }
  var ARROWS = {ArrowLeft: [-1, 0, 'left'], ArrowRight: [1, 0, 'right'], ArrowUp: [0, -1, 'up'],
                ArrowDown: [0, 1, 'down']};

  function onKey(event) {
    var cy = cyOf();
    if (!cy || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (!current || current.removed() || !current.visible()) { current = items(cy)[0] || null; }
    if (!current) { return; }
    var arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      var next = neighbourToward(current, arrow[0], arrow[1]);
      if (next) { moveTo(next); } else { say('No link ' + arrow[2] + ' from ' + nameOf(current) + '.'); }
    } else if (event.key === 'n' || event.key === 'p' || event.key === 'N' || event.key === 'P') {
      var all = items(cy), i = all.indexOf(current), step = event.key.toLowerCase() === 'n' ? 1 : -1;
      moveTo(all[(i + step + all.length) % all.length]);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      current.emit('tap');  // as a tap does: the evidence panel opens on it
      say('Evidence for ' + nameOf(current) + ' is open in the side panel.');
    } else if (event.key === 'Escape') {
      var help = document.getElementById(ids.MAP_KEYS_BUTTON);
      if (help) { help.focus(); }
    } else if (event.key === '?') {
      event.preventDefault();
      document.getElementById(ids.MAP_KEYS_BUTTON).click();
    }
  }

  function setUp() {
    var box = document.getElementById(ids.MAP), cy = cyOf();
    if (!box || !cy) { return setTimeout(setUp, 150); }
    box.tabIndex = 0;
    box.setAttribute('role', 'application');
    box.setAttribute('aria-roledescription', 'map');
    box.setAttribute('aria-label', 'Map of services and links. Arrow keys move along the links, Enter ' +
                     'opens the evidence, Escape leaves, question mark lists the keys.');
    box.setAttribute('aria-describedby', ids.MAP_ANNOUNCE);
    ring = document.createElement('div');
    ring.className = 'map-focus-ring';
    ring.setAttribute('aria-hidden', 'true');
    box.parentNode.appendChild(ring);
    box.addEventListener('keydown', onKey);
    box.addEventListener('focus', function () {
      var c = cyOf();
      if (!current || current.removed() || !current.visible()) {
        var picked = c.nodes('.picked:visible');
        current = picked.length ? picked[0] : items(c)[0];
      }
      if (current) { moveTo(current, 'On the map. '); }
    });
    box.addEventListener('blur', drawRing);
    cy.on('viewport render', drawRing);
  }
  setUp();
})();
