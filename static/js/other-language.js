// A skill's or occupation's name; one in another language than the page's (ESCO has no label in
// the page's) keeps its language and a marker, as the server renders it
// (content_language.skill_html). `carrier` is the element whose data attributes hold the
// marker's words (data-other-language-marker, data-other-language-spoken).
window.TalentMatchNames = (function () {
  "use strict";
  function append(parent, text, lang, carrier) {
    if (!lang) { parent.appendChild(document.createTextNode(text)); return; }
    var wrap = document.createElement("span");
    wrap.className = "other-language";
    var name = document.createElement("span");
    name.lang = lang;
    name.textContent = text;
    var marker = document.createElement("sup");
    marker.className = "language-marker";
    marker.setAttribute("aria-hidden", "true");
    marker.textContent = carrier.dataset.otherLanguageMarker || lang.toUpperCase();
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = " " + (carrier.dataset.otherLanguageSpoken || "");
    wrap.appendChild(name);
    wrap.appendChild(marker);
    wrap.appendChild(spoken);
    parent.appendChild(wrap);
  }
  return { append: append };
}());
