// The first view's controls arrive with its map (explorer/web/first_view.py draws both into the page's layout).
// dcc.Dropdown is a React.lazy component: the first render of any dropdown suspends, and React retries the
// suspended part at low priority, behind the page's first callbacks, so on a loaded machine the top bar's
// dropdowns appeared a second or more after the map, and the bar's height changed under the fitted map. Its
// code is already here (first_view.install serves the chunk with the page's scripts); asking React for one
// dropdown before the layout arrives settles the lazy component, so the layout's dropdowns render at once.
document.addEventListener('DOMContentLoaded', function () {
  var dcc = window.dash_core_components;
  if (!(dcc && dcc.Dropdown && window.React && window.ReactDOM && window.ReactDOM.createRoot)) { return; }
  var root = window.ReactDOM.createRoot(document.createElement('div'));
  window.ReactDOM.flushSync(function () { root.render(window.React.createElement(dcc.Dropdown, {})); });
  root.unmount();  // only the lazy component's loading was wanted; nothing is drawn
});
