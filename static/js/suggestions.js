// Skill and occupation suggestions without leaving the form. Without this script the
// "Suggest …" buttons submit the form and the page comes back with the suggestions.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function message(box, text) {
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "meta";
    p.textContent = text;
    box.appendChild(p);
  }

  var appendName = window.TalentMatchNames.append;  // static/js/other-language.js

  function pickerChips(form, name) {
    var picker = form.querySelector('[data-skill-picker][data-name="' + name + '"]');
    return picker ? picker.querySelector("[data-chips]") : null;
  }

  function hasChip(chips, value) {
    return Array.prototype.some.call(chips.querySelectorAll("input[type=checkbox]"), function (box) {
      return box.value === value;
    });
  }

  // The same markup the skill picker uses, so the chip is saved with the form.
  function addChip(chips, name, token, label, lang, panel) {
    if (hasChip(chips, token)) { return; }
    var li = document.createElement("li");
    li.className = "chip";
    var lab = document.createElement("label");
    lab.className = "checkbox";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = token;
    box.checked = true;
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(" "));
    appendName(lab, label, lang, panel);
    li.appendChild(lab);
    chips.appendChild(li);
  }

  function setupSkills(panel) {
    var form = panel.closest("form");
    var button = panel.querySelector("[data-suggest-button]");
    var box = panel.querySelector("[data-suggestions]");
    var source = document.getElementById(panel.dataset.source);
    var targets = panel.dataset.targets.split(",");
    var labels = panel.dataset.targetLabels.split("|");

    function render(skills) {
      box.innerHTML = "";
      if (!skills.length) { message(box, panel.dataset.emptyLabel); return; }
      var list = document.createElement("ul");
      list.className = "suggestion-list";
      skills.forEach(function (skill) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        appendName(name, skill.label, skill.label_lang, panel);
        name.appendChild(document.createTextNode(" "));
        li.appendChild(name);
        targets.forEach(function (target, i) {
          var chips = pickerChips(form, target);
          if (!chips) { return; }
          var add = document.createElement("button");
          add.type = "button";
          add.className = "button button-small button-secondary";
          add.textContent = labels[i] || labels[0];
          add.setAttribute("aria-label", (labels[i] || labels[0]) + ": " + skill.label);
          add.addEventListener("click", function () {
            addChip(chips, target, skill.token, skill.label, skill.label_lang, panel);
            add.disabled = true;
            add.textContent = panel.dataset.addedLabel;
          });
          li.appendChild(add);
        });
        list.appendChild(li);
      });
      box.appendChild(list);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(panel.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken(form) },
        body: JSON.stringify({ text: source ? source.value : "" })
      })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) { render(data.skills || []); })
        .catch(function () { message(box, panel.dataset.errorLabel); });
    });
  }

  function setupOccupations(panel) {
    var button = panel.querySelector("[data-suggest-button]");
    var box = panel.querySelector("[data-occupations]");
    var source = document.getElementById(panel.dataset.source);

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var title = source ? source.value.trim() : "";
      fetch(panel.dataset.url + "?title=" + encodeURIComponent(title), { headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) {
          var found = data.occupations || [];
          if (!found.length) { message(box, panel.dataset.emptyLabel); return; }
          box.innerHTML = "";
          var intro = document.createElement("p");
          intro.textContent = panel.dataset.intro;
          var list = document.createElement("ol");
          list.className = "occupation-list";
          found.forEach(function (occupation) {
            var li = document.createElement("li");
            appendName(li, occupation.label, occupation.label_lang, panel);
            list.appendChild(li);
          });
          box.appendChild(intro);
          box.appendChild(list);
        })
        .catch(function () { message(box, panel.dataset.errorLabel); });
    });
  }

  document.querySelectorAll("[data-skill-suggest]").forEach(setupSkills);
  document.querySelectorAll("[data-occupation-suggest]").forEach(setupOccupations);
})();
