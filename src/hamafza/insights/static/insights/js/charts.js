// Draws the oversight dashboard's charts with the vendored Chart.js. Each <canvas
// data-chart="ID"> reads its figures from the <script type="application/json" id="ID">
// the server rendered (json_script): no inline script, so the CSP stays strict.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") return;
    var font = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.family = font;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) return;
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      var horizontal = Boolean(canvas.dataset.horizontal);
      // Counts on the value axis in the page's digits (Persian digits on a Persian page).
      var numbers = new Intl.NumberFormat(document.documentElement.lang || "fa");
      var counts = { precision: 0, callback: function (value) { return numbers.format(value); } };
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: "#2f7d4a" }]
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          locale: document.documentElement.lang || "fa",
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { reverse: document.dir === "rtl", ticks: horizontal ? counts : {} },
            y: { position: document.dir === "rtl" ? "right" : "left", ticks: horizontal ? {} : counts }
          }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
