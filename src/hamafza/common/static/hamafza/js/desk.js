// The desk's only script besides htmx. htmx does not swap error responses, so without this a
// refused or failed action would change nothing on the screen and say nothing. The messages
// come from the page (data-* attributes, translated by the server).
(function () {
  "use strict";
  function show(kind) {
    var box = document.getElementById("request-error");
    if (!box) { return; }
    box.textContent = box.dataset[kind] || box.dataset.failed;
    box.hidden = false;
    box.focus();
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403) { show("forbidden"); }
    else if (status === 404) { show("missing"); }
    else if (status === 409) { show("conflict"); }
    else if (status === 429) { show("throttled"); }
    else { show("failed"); }
  });
  document.addEventListener("htmx:sendError", function () { show("offline"); });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) { box.hidden = true; }
  });
})();
