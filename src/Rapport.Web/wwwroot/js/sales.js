// Sales pages: drag and drop on the deals board (SortableJS, posted with htmx), drag-to-reorder
// stages in Settings → Sales, and Chart.js charts. The libraries load only on pages that need them.
// Everything here has a no-JavaScript fallback in the markup (the card's "Move…" form, plain forms, tables).
(function () {
  "use strict";
  const loading = {};
  function load(src) {
    return loading[src] ??= new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  // A card dropped on another column posts the move with the version it was drawn with; the server
  // answers with the whole board (the card where the server has it: moved, or back with a message).
  function initBoard(root) {
    const board = root.id === "board" ? root : root.querySelector("#board");
    if (!board || board.dataset.canWrite !== "true") return;
    load("/lib/sortablejs/Sortable.min.js").then(() => {
      board.querySelectorAll(".board-cards").forEach((list) => {
        if (list.dataset.sortable) return;
        list.dataset.sortable = "1";
        Sortable.create(list, {
          group: "deals", animation: 120, draggable: ".deal-card", forceFallback: true, fallbackOnBody: true,
          filter: "summary, select, button, input, .deal-card-move", preventOnFilter: false,
          onEnd(e) {
            if (e.from === e.to) return;
            const card = e.item;
            const move = (extra) => {
              board.classList.add("board-busy");
              htmx.ajax("POST", `/deals/${card.dataset.dealId}/move${board.dataset.moveQuery || ""}`, {
                source: card, target: "#board", swap: "outerHTML",
                values: Object.assign({ stageId: e.to.dataset.stageId, version: card.dataset.version }, extra),
              });
            };
            const dialog = board.querySelector("#lost-dialog");
            if (e.to.dataset.stageType !== "lost" || !dialog) { move({}); return; }
            // Lost: ask why first; Cancel (or Escape) puts the card back where it was.
            const form = dialog.querySelector("form");
            form.reset();
            dialog.querySelector("[data-lost-deal]").textContent = card.dataset.dealName || "this deal";
            dialog.returnValue = "";
            dialog.addEventListener("close", () => {
              if (dialog.returnValue === "lost") move({ lostReason: form.elements.lostReason.value, lostNote: form.elements.lostNote.value });
              else e.from.insertBefore(card, e.from.children[e.oldIndex] || null);
            }, { once: true });
            dialog.showModal();
          },
        });
      });
    });
  }

  // Settings → Sales: the stage rows reorder by their handle; the form posts them in the new order.
  function initStageEditors(root) {
    const bodies = root.querySelectorAll("[data-sortable-stages]");
    if (bodies.length === 0) return;
    load("/lib/sortablejs/Sortable.min.js").then(() => bodies.forEach((tbody) => {
      if (tbody.dataset.sortable) return;
      tbody.dataset.sortable = "1";
      Sortable.create(tbody, { handle: ".drag-handle", animation: 120, forceFallback: true });
    }));
  }

  // <canvas data-chart='{"type","labels","datasets":[{"label","data"}]}'>
  function initCharts(root) {
    const canvases = root.querySelectorAll("canvas[data-chart]");
    if (canvases.length === 0) return;
    load("/lib/chartjs/chart.umd.js").then(() => canvases.forEach((canvas) => {
      if (canvas.dataset.drawn) return;
      canvas.dataset.drawn = "1";
      const spec = JSON.parse(canvas.dataset.chart);
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true } }, plugins: { legend: { position: "bottom" } },
        },
      });
    }));
  }

  function init(root) {
    if (!root || !root.querySelectorAll) return;
    initBoard(root);
    initStageEditors(root);
    initCharts(root);
  }

  if (window.htmx) htmx.onLoad(init);
  else document.addEventListener("DOMContentLoaded", () => init(document.body));
})();
