// ESCO skill autocomplete for every [data-skill-picker] on the page. Without this script the
// picker still works: ticked checkboxes keep skills, the text box adds comma-separated ones.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  var appendName = window.TalentMatchNames.append;  // static/js/other-language.js

  function setup(picker) {
    var input = picker.querySelector("input[role=combobox]");
    var list = picker.querySelector("[role=listbox]");
    var chips = picker.querySelector("[data-chips]");
    var url = picker.dataset.suggestUrl;
    var name = picker.dataset.name;
    var active = -1;
    var options = [];
    var lastQuery = "";

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    }

    function has(value) {
      return Array.prototype.some.call(chips.querySelectorAll("input[type=checkbox]"), function (box) {
        return box.value === value || box.value.toLowerCase() === value.toLowerCase();
      });
    }

    function addChip(value, label, free, lang) {
      if (has(value)) { return; }
      var li = document.createElement("li");
      li.className = "chip" + (free ? " chip-free" : "");
      var lab = document.createElement("label");
      lab.className = "checkbox";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = true;
      lab.appendChild(box);
      lab.appendChild(document.createTextNode(" "));
      appendName(lab, label, lang, picker);
      if (free) {
        var note = document.createElement("span");
        note.className = "meta";
        note.textContent = " (" + picker.dataset.freeTextLabel + ")";
        lab.appendChild(note);
      }
      li.appendChild(lab);
      chips.appendChild(li);
    }

    function highlight(index) {
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      var li = options[index];
      addChip("esco:" + li.dataset.id + ":" + li.dataset.label, li.dataset.label, false, li.dataset.lang);
      input.value = "";
      close();
      input.focus();
    }

    function render(skills) {
      close();
      if (!skills.length) { return; }
      skills.forEach(function (skill, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.dataset.id = skill.id;
        li.dataset.label = skill.label;
        if (skill.label_lang) { li.dataset.lang = skill.label_lang; }
        appendName(li, skill.label, skill.label_lang, picker);
        if (skill.matched && skill.matched.toLowerCase() !== skill.label.toLowerCase()) {
          var secondary = document.createElement("span");
          secondary.className = "secondary";
          secondary.textContent = " — " + skill.matched;
          li.appendChild(secondary);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        options.push(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    var suggest = debounce(function () {
      var query = input.value.trim();
      if (query.indexOf(",") !== -1 || query.length < 2) { close(); return; }
      lastQuery = query;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { skills: [] }; })
        .then(function (data) { if (query === lastQuery) { render(data.skills || []); } })
        .catch(close);
    }, 150);

    // A skill picked before the page was reloaded to switch language (language-switch.js).
    var form = picker.closest("form");
    if (form) {
      form.addEventListener("talentmatch:unmatched-input", function (event) {
        var entry = event.detail || {};
        if (entry.name !== name || !entry.checked || typeof entry.value !== "string") { return; }
        if (entry.value.indexOf("text:") === 0) {
          addChip(entry.value, entry.value.slice(5), true);
        } else if (/^esco:\d+:/.test(entry.value)) {
          addChip(entry.value, entry.value.replace(/^esco:\d+:/, ""), false);
        }
      });
    }

    input.addEventListener("input", suggest);
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (input.value.trim()) {
          // Enter on typed text keeps it as free text rather than submitting the form.
          event.preventDefault();
          var label = input.value.trim();
          addChip("text:" + label, label, true);
          input.value = "";
          close();
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
  }

  document.querySelectorAll("[data-skill-picker]").forEach(setup);
})();
