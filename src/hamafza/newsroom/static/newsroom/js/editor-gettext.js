// django-prose-editor's dialogs (link, table, list) take their words from window.gettext, as
// Django's JavaScript catalogue would provide it. The words come from the page (a JSON data
// block the server translated, id "prose-editor-catalog"); this runs before the editor loads.
(function () {
  "use strict";
  var block = document.getElementById("prose-editor-catalog");
  if (!block || typeof window.gettext === "function") { return; }
  var catalog = JSON.parse(block.textContent);
  window.gettext = function (text) {
    return Object.prototype.hasOwnProperty.call(catalog, text) ? catalog[text] : text;
  };
})();
