// Switching the interface language reloads the page; what was typed into its forms comes back.
// Before the switch, every form's fields (never passwords, files or hidden tokens) are kept in
// sessionStorage under this page's path; after the reload, they are put back and forgotten.
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
        for (var i = 0; i < fields.length; i += 1) {
          var field = fields[i];
          if (field.name !== entry.name) { continue; }
          if (field.type === "checkbox" || field.type === "radio") {
            if (field.value === entry.value) { field.checked = entry.checked; break; }
          } else if (entry.values) {
            Array.prototype.forEach.call(field.options, function (option) {
              option.selected = entry.values.indexOf(option.value) !== -1;
            });
            break;
          } else if (field.dataset.restored !== "1") {
            field.value = entry.value;  // same-named fields are filled in their order
            field.dataset.restored = "1";
            break;
          }
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
  try {
    var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (kept && kept.path === location.pathname) {
      sessionStorage.removeItem(KEY);
      restore(kept.forms);
    }
  } catch (error) { /* nothing usable was kept */ }
}());
