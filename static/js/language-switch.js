// Switching the interface language reloads the page; what was typed into its forms comes back.
// Before the switch, every form's fields (never passwords, files or hidden tokens) are kept in
// sessionStorage under this page's path; after the reload, they are put back and forgotten.
// A kept field the reloaded page does not have (one a script added, such as a skill picked from
// a list) is announced to its form as a "talentmatch:unmatched-input" event, so the script that
// made it can make it again (static/js/skill-picker.js does). Putting back waits until the
// page's other scripts have run (DOMContentLoaded), so they can listen for it.
(function () {
  "use strict";
  var KEY = "talentmatch:form-input";
  var SKIPPED = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && SKIPPED.indexOf(field.type) === -1;
    });
  }

  function formsOnPage() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return !form.hasAttribute("data-language-switcher");
    });
  }

  function snapshot() {
    return formsOnPage().map(function (form) {
      return keptFields(form).map(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          return { name: field.name, value: field.value, checked: field.checked };
        }
        if (field.tagName === "SELECT" && field.multiple) {
          var chosen = Array.prototype.filter.call(field.options, function (option) {
            return option.selected;
          }).map(function (option) { return option.value; });
          return { name: field.name, values: chosen };
        }
        return { name: field.name, value: field.value };
      });
    });
  }

  function restore(saved) {
    formsOnPage().forEach(function (form, index) {
      var values = saved[index] || [];
      var fields = keptFields(form);
      values.forEach(function (entry) {
        var matched = false;
        for (var i = 0; i < fields.length && !matched; i += 1) {
          var field = fields[i];
          if (field.name !== entry.name) { continue; }
          if (field.type === "checkbox" || field.type === "radio") {
            if (field.value === entry.value) { field.checked = entry.checked; matched = true; }
          } else if (entry.values) {
            Array.prototype.forEach.call(field.options, function (option) {
              option.selected = entry.values.indexOf(option.value) !== -1;
            });
            matched = true;
          } else if (field.dataset.restored !== "1") {
            field.value = entry.value;  // same-named fields are filled in their order
            field.dataset.restored = "1";
            matched = true;
          }
        }
        if (!matched) {
          form.dispatchEvent(new CustomEvent("talentmatch:unmatched-input", { detail: entry }));
        }
      });
      fields.forEach(function (field) {
        delete field.dataset.restored;
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  var switcher = document.querySelector("form[data-language-switcher]");
  if (!switcher) { return; }
  switcher.addEventListener("submit", function () {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, forms: snapshot() }));
    } catch (error) { /* storage full or disabled: the switch still happens */ }
  });
  function restoreKept() {
    try {
      var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (kept && kept.path === location.pathname) {
        sessionStorage.removeItem(KEY);
        restore(kept.forms);
      }
    } catch (error) { /* nothing usable was kept */ }
  }
  // This script is deferred: it runs before the page's other deferred scripts, and before
  // DOMContentLoaded, which comes once they have all run. ("load" covers a page where this
  // script was added later; whichever comes first puts the input back, once.)
  if (document.readyState === "complete") {
    restoreKept();
  } else {
    document.addEventListener("DOMContentLoaded", restoreKept);
    window.addEventListener("load", restoreKept);
  }
}());
