// After Save, Hide and the like, the server sends the page back with a fragment naming where the
// keyboard focus belongs (the same button, or the next item's heading); put the focus there.
(function () {
  "use strict";
  function focusFragmentTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    if (!target) {
      return;
    }
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1"); // headings take the focus from script only
    }
    target.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFragmentTarget);
  } else {
    focusFragmentTarget();
  }
})();
