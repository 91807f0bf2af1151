// Dashboard charts (Chart.js, vendored). No inline script: each
// <canvas data-chart="ID"> reads its spec from the inert JSON block
// <script type="application/json" id="ID"> that the page renders beside it:
//   {type: "bar"|"doughnut", labels: [...], stacked, horizontal, percent, title,
//    datasets: [{label, data: [...], color, colors: [...], links: [url per point]}]}
// Clicking a bar or slice opens its link: the units behind the figure.
(function () {
  "use strict";

  function spec(canvas) {
    var block = document.getElementById(canvas.getAttribute("data-chart"));
    if (!block) {
      return null;
    }
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      return null;
    }
  }

  function options(s, datasets) {
    var many = datasets.length > 1 || s.type === "doughnut";
    var result = {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      plugins: {
        legend: { display: many, position: "bottom" },
        title: { display: !!s.title, text: s.title },
        tooltip: {
          callbacks: s.percent
            ? {
                label: function (ctx) {
                  return ctx.dataset.label + ": " + ctx.formattedValue + "%";
                },
              }
            : {},
        },
      },
      onClick: function (event, elements) {
        if (!elements.length) {
          return;
        }
        var el = elements[0];
        var links = (s.datasets[el.datasetIndex] || {}).links || [];
        if (links[el.index]) {
          window.location.href = links[el.index];
        }
      },
      onHover: function (event, elements) {
        var target = event.native && event.native.target;
        if (target) {
          target.style.cursor = elements.length ? "pointer" : "default";
        }
      },
    };
    if (s.type === "bar") {
      var value = { stacked: !!s.stacked, beginAtZero: true, ticks: { precision: 0 } };
      if (s.percent) {
        value.max = 100;
      }
      var category = { stacked: !!s.stacked, ticks: { autoSkip: false } };
      result.indexAxis = s.horizontal ? "y" : "x";
      result.scales = s.horizontal ? { x: value, y: category } : { x: category, y: value };
    }
    return result;
  }

  function draw(canvas) {
    if (typeof window.Chart === "undefined" || window.Chart.getChart(canvas)) {
      return;
    }
    var s = spec(canvas);
    if (!s) {
      return;
    }
    var datasets = s.datasets.map(function (d) {
      var colour = d.colors || d.color || undefined;
      return {
        label: d.label,
        data: d.data,
        backgroundColor: colour,
        borderColor: s.type === "doughnut" ? "#fff" : colour,
        borderWidth: s.type === "doughnut" ? 2 : 0,
      };
    });
    new window.Chart(canvas, {
      type: s.type,
      data: { labels: s.labels, datasets: datasets },
      options: options(s, datasets),
    });
  }

  function drawAll(root) {
    var canvases = (root || document).querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, draw);
  }

  function destroyAll(root) {
    if (typeof window.Chart === "undefined" || !root) {
      return;
    }
    Array.prototype.forEach.call(root.querySelectorAll("canvas[data-chart]"), function (c) {
      var existing = window.Chart.getChart(c);
      if (existing) {
        existing.destroy();
      }
    });
  }

  // Printing shows the tables behind the charts: open every <details> for the print.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    Array.prototype.forEach.call(document.querySelectorAll("details[data-chart-table]"), function (d) {
      if (!d.open) {
        d.open = true;
        opened.push(d);
      }
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });

  // htmx swaps (live turnout, export progress): draw what arrived, free what left.
  document.addEventListener("htmx:beforeSwap", function (event) {
    destroyAll(event.detail && event.detail.target);
  });
  document.addEventListener("htmx:afterSettle", function () {
    drawAll(document); // charts already drawn are left alone
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }
})();
