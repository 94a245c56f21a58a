// Repairs to markup that third-party components write and that axe-core rightly flags; each is a small
// attribute change on elements the components never touch again. Ids: window.explorerIds (ids.py).
// 1. Dash 4's dropdown puts a hidden input before its button (aria-hidden, but in the Tab order) so that
//    Safari tabs to it and hands focus on to the button. A screen reader is then on an element it was told
//    to ignore (axe: aria-hidden-focus). Here the button itself takes Tab focus and the input leaves the
//    Tab order; the input's own handler would put it back into the order on every blur, so this runs again.
// 2. dcc.Upload's file input has no name (axe: label): it takes the name of its card's heading.
(function () {
  function fixDropdowns(root) {
    root.querySelectorAll('.dash-dropdown-focus-target').forEach(function (input) {
      if (input.tabIndex !== -1) { input.tabIndex = -1; }
      var button = input.nextElementSibling;
      if (button && button.tagName === 'BUTTON' && !button.disabled && button.tabIndex !== 0) {
        button.tabIndex = 0;
      }
    });
  }
  function fixUpload() {
    var box = document.getElementById(window.explorerIds.UPLOAD);
    var input = box && box.querySelector('input[type=file]');
    if (input && !input.hasAttribute('aria-label')) {
      input.setAttribute('aria-label', 'Bring in a map: choose a file');
    }
  }
  function fixAll() { fixDropdowns(document); fixUpload(); }
  new MutationObserver(fixAll).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['tabindex', 'disabled']
  });
  fixAll();
})();
