// A page that comes back with form errors moves the focus to their summary, so that keyboard and
// screen-reader users start from the list of what to correct; each item links to its field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
}());
