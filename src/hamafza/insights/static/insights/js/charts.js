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
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: "#2f7d4a" }]
        },
        options: {
          indexAxis: canvas.dataset.horizontal ? "y" : "x",
          locale: document.documentElement.lang || "fa",
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { reverse: !canvas.dataset.horizontal && document.dir === "rtl", ticks: { precision: 0 } },
            y: { position: document.dir === "rtl" ? "right" : "left", ticks: { precision: 0 } }
          }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
