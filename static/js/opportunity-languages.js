// The languages of an opportunity form's text: the version in the original's own language is
// hidden while it is empty (without this script every version shows, with a help text), and
// "Given in: …" follows what is typed.
(function () {
  "use strict";

  function setup(box) {
    var select = box.querySelector("select[name=written_in]");
    var given = box.querySelector("[data-given-in] strong");
    var versions = Array.prototype.slice.call(box.querySelectorAll("[data-translation]"));
    if (!select) { return; }
    var prefix = given ? given.textContent.split(":")[0] + ": " : "";

    function titleOf(version) {
      return version.querySelector("input[name^=title_]");
    }

    function isEmpty(version) {
      return Array.prototype.every.call(version.querySelectorAll("input, textarea"), function (field) {
        return !field.value.trim();
      });
    }

    function update() {
      var original = select.value;
      var names = [];
      versions.forEach(function (version) {
        if (version.dataset.translation === original) { names.push(version.dataset.languageName); }
      });
      versions.forEach(function (version) {
        var own = version.dataset.translation === original;
        version.hidden = own && isEmpty(version);
        var title = titleOf(version);
        if (!own && title && title.value.trim()) {
          names.push(version.dataset.languageName);
        }
      });
      if (given) { given.textContent = prefix + names.join(", "); }
    }

    select.addEventListener("change", update);
    box.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-texts]").forEach(setup);
})();
