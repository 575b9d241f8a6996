// The network view: draws the collaboration graph with the vendored Cytoscape.js and the
// domains' monthly activity with the vendored Chart.js, from the figures the server rendered
// into <script type="application/json" id="network-data"> (no inline script: the CSP stays
// strict). Without JavaScript the page's tables carry the same data; the graph and chart
// boxes stay hidden.
(function () {
  "use strict";

  var KIND_COLOURS = {
    republish: "#2f7d4a",
    support: "#b07d00",
    joint: "#3c4fa0",
    campaign: "#a23b72",
    directive: "#6b7280"
  };
  var OTHER_COLOUR = "#6b7280";
  var DOMAIN_COLOURS = ["#3c4fa0", "#0b6e63", "#b07d00", "#a23b72"];

  function readData() {
    var source = document.getElementById("network-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function numbers() {
    return new Intl.NumberFormat(document.documentElement.lang || "fa");
  }

  function drawGraph(data) {
    var box = document.getElementById("network-graph");
    if (!box || box.dataset.drawn || typeof window.cytoscape === "undefined") return;
    box.dataset.drawn = "1";
    var crowded = data.nodes.length > 60;
    if (crowded) box.classList.add("crowded");
    box.hidden = false;
    box.closest("figure").classList.add("js-graph");
    var format = numbers();
    var font = getComputedStyle(document.body).fontFamily;
    var maxWeight = 1;
    data.edges.forEach(function (e) { maxWeight = Math.max(maxWeight, e.weight); });

    // The rings are circles; a wide box stretches them into ellipses (up to 1.8 times as
    // wide as tall) so the labels have room.
    var reachX = 1, reachY = 1;
    data.nodes.forEach(function (n) {
      reachX = Math.max(reachX, Math.abs(n.x));
      reachY = Math.max(reachY, Math.abs(n.y));
    });
    var stretch = Math.max(1, Math.min(1.8, (box.clientWidth / box.clientHeight) * (reachY / reachX)));

    var elements = [];
    data.nodes.forEach(function (n) {
      var classes = [n.kind];
      // A large network names its provinces and HQ; a county is named when it is tapped.
      if (crowded && n.kind !== "hq" && n.kind !== "hq_office" && n.kind !== "province") classes.push("quiet");
      if (!n.in_scope) classes.push("outside");
      if (n.silent) classes.push("silent");
      else if (n.isolated) classes.push("isolated");
      elements.push({
        group: "nodes",
        data: { id: String(n.id), label: n.short || n.name, weight: n.weight || 0, node: n },
        position: { x: n.x * stretch, y: n.y },
        classes: classes.join(" ")
      });
    });
    data.edges.forEach(function (e) {
      elements.push({
        group: "edges",
        data: {
          id: e.source + "-" + e.target + "-" + e.kind,
          source: String(e.source),
          target: String(e.target),
          kind: e.kind,
          weight: e.weight,
          colour: KIND_COLOURS[e.kind] || OTHER_COLOUR,
          width: 1.5 + 6 * Math.sqrt(e.weight / maxWeight)
        },
        classes: (e.directed ? "directed " : "") + "kind-" + e.kind
      });
    });

    var cy = window.cytoscape({
      container: box,
      elements: elements,
      layout: { name: "preset", fit: false },
      // The page scrolls under a finger or a wheel: the graph does not zoom or pan by itself.
      userZoomingEnabled: false,
      userPanningEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-family": font,
            "font-size": 15,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "wrap",
            "text-max-width": 150,
            color: "#1d2430",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "text-background-padding": 1,
            width: "mapData(weight, 0, 30, 20, 48)",
            height: "mapData(weight, 0, 30, 20, 48)",
            "background-color": "#ffffff",
            "border-width": 3,
            "border-color": "#0b6e63"
          }
        },
        { selector: "node.hq", style: { "background-color": "#084f47", "border-color": "#084f47", "font-weight": "bold", "font-size": 17 } },
        { selector: "node.hq_office", style: { "background-color": "#e3f2ef" } },
        { selector: "node.province", style: { "background-color": "#e3f2ef" } },
        { selector: "node.outside", style: { "background-color": "#eef0f3", "border-color": "#9aa3b2", color: "#4d5869" } },
        { selector: "node.isolated", style: { "border-style": "dashed", "border-color": "#b07d00" } },
        { selector: "node.silent", style: { "border-color": "#b3261e", "background-color": "#fbe9e7" } },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": "data(colour)",
            "target-arrow-color": "data(colour)",
            "curve-style": "bezier",
            opacity: 0.75
          }
        },
        // Campaign co-participation joins every pair of units of a campaign: drawn faint.
        { selector: "edge.kind-campaign", style: { opacity: 0.22 } },
        { selector: "edge.directed", style: { "target-arrow-shape": "triangle", "arrow-scale": 0.9 } },
        { selector: "node.quiet", style: { label: "" } },
        { selector: "node.quiet.named", style: { label: "data(label)" } },
        { selector: ".faded", style: { opacity: 0.12 } },
        { selector: "node:selected", style: { "border-width": 5, "overlay-opacity": 0 } }
      ]
    });

    // HQ (the tree's root, at 0,0) in the middle of the box when it is drawn; otherwise the
    // drawn part of the tree fills the box.
    function frame() {
      cy.resize();
      var hq = data.nodes.filter(function (n) { return n.x === 0 && n.y === 0; });
      if (hq.length) {
        // Room for the labels under the nodes and beside the outer ring.
        var zoom = Math.min(
          (box.clientWidth - 40) / (2 * reachX * stretch + 200),
          (box.clientHeight - 30) / (2 * reachY + 90)
        );
        cy.zoom(Math.max(0.2, Math.min(zoom, 2)));
        cy.pan({ x: box.clientWidth / 2, y: box.clientHeight / 2 - 10 });
      } else {
        cy.fit(undefined, 40);
      }
      // Labels stay readable (about 10 px at least) when a small screen zooms far out.
      var z = cy.zoom();
      cy.style().selector("node").style("font-size", Math.max(15, 10 / z))
        .selector("node.hq").style("font-size", Math.max(17, 11.5 / z)).update();
    }
    frame();

    // Tapping a unit brings its links forward and says who it worked with.
    var detail = document.getElementById("network-graph-detail");
    cy.on("tap", "node", function (event) {
      var node = event.target;
      var near = node.closedNeighborhood();
      cy.elements().addClass("faded");
      cy.nodes().removeClass("named");
      near.removeClass("faded");
      near.nodes().addClass("named");
      var n = node.data("node");
      var names = node.neighborhood("node").map(function (o) { return o.data("label"); });
      var text = n.name;
      if (n.in_scope) {
        text += " · " + (detail.dataset.degree || "") + " " + format.format(n.degree || 0);
        text += " · " + (detail.dataset.weight || "") + " " + format.format(n.weight || 0);
      }
      if (names.length) text += " — " + names.join("، ");
      detail.textContent = text;
      detail.hidden = false;
    });
    cy.on("tap", function (event) {
      if (event.target === cy) {
        cy.elements().removeClass("faded");
        cy.nodes().removeClass("named");
        detail.hidden = true;
      }
    });
    window.addEventListener("resize", frame);
  }

  function drawDomains(data) {
    var canvas = document.querySelector("canvas[data-domains]");
    if (!canvas || canvas.dataset.drawn || typeof window.Chart === "undefined") return;
    canvas.dataset.drawn = "1";
    canvas.parentElement.hidden = false;
    var lang = document.documentElement.lang || "fa";
    var format = numbers();
    var rtl = document.dir === "rtl";
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var months = data.domains.months;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: months.map(function (m) { return m.label; }),
        datasets: data.domains.codes.map(function (code, i) {
          return {
            label: data.domains.labels[i],
            data: months.map(function (m) { return m.counts[code]; }),
            backgroundColor: DOMAIN_COLOURS[i % DOMAIN_COLOURS.length]
          };
        })
      },
      options: {
        locale: lang,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", rtl: rtl, textDirection: rtl ? "rtl" : "ltr" }, tooltip: { rtl: rtl } },
        scales: {
          x: { stacked: true, reverse: rtl },
          y: {
            stacked: true,
            position: rtl ? "right" : "left",
            ticks: { precision: 0, callback: function (value) { return format.format(value); } }
          }
        }
      }
    });
  }

  function draw() {
    var data = readData();
    if (!data) return;
    drawGraph(data);
    drawDomains(data);
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
