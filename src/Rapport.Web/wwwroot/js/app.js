// Small behaviours shared by every page. No framework: htmx does the fetching and swapping.
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    document.querySelectorAll("details[open]").forEach((d) => d.removeAttribute("open"));
    document.querySelectorAll("dialog[open]").forEach((d) => d.close());
  }
});
// Select the one-time secret (API key, link) on focus, so it is easy to copy.
document.addEventListener("focusin", (e) => {
  if (e.target instanceof HTMLInputElement && e.target.classList.contains("secret")) e.target.select();
});
document.addEventListener("click", async (e) => {
  const btn = e.target.closest("[data-copy]");
  if (!btn) return;
  const input = document.getElementById(btn.dataset.copy);
  if (input && navigator.clipboard) {
    await navigator.clipboard.writeText(input.value);
    btn.textContent = "Copied";
  }
});

// A select with [data-autosubmit] submits its form on change (the workspace switcher, the board's
// pipeline): here, not in an onchange attribute, which the Content-Security-Policy forbids.
document.addEventListener("change", (e) => {
  if (e.target.matches?.("select[data-autosubmit]")) e.target.form?.requestSubmit();
});

// ---- Contacts and accounts ----------------------------------------------------------------

const typing = (el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

// "+ New" (and any [data-dialog] link): the form opens in a dialog; without JavaScript the link is a page.
document.addEventListener("click", (e) => {
  const link = e.target.closest("a[data-dialog]");
  if (!link || !window.htmx || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  link.closest("details")?.removeAttribute("open");
  htmx.ajax("GET", link.getAttribute("href"), { target: "#dialog-body", select: "#record-form", swap: "innerHTML" });
});
document.addEventListener("htmx:afterSwap", (e) => {
  const dialog = document.getElementById("dialog");
  if (dialog && dialog.contains(e.detail.target)) {
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector("[aria-invalid=true], [autofocus], input:not([type=hidden]), select, textarea");
    first?.focus();
  }
  // An inline editor: focus its input.
  const editing = e.detail.target?.matches?.(".prop.editing") ? e.detail.target : null;
  editing?.querySelector("input:not([type=hidden]), select, textarea")?.focus();
});
document.getElementById("dialog")?.addEventListener("close", (e) => { e.target.querySelector("#dialog-body").innerHTML = ""; });
document.addEventListener("htmx:load", () => {
  const dialog = document.getElementById("dialog");
  if (dialog && !dialog.dataset.bound) {
    dialog.dataset.bound = "1";
    dialog.addEventListener("close", () => { dialog.querySelector("#dialog-body").innerHTML = ""; });
  }
});

// Cancel: closes the dialog it is in; in an inline editor htmx swaps the field back.
document.addEventListener("click", (e) => {
  const cancel = e.target.closest("[data-cancel]");
  const dialog = cancel?.closest("dialog");
  if (dialog) { e.preventDefault(); dialog.close(); }
});

// Esc in an inline editor cancels it; Ctrl+Enter in a text area submits its form.
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    const editor = e.target.closest?.(".prop.editing");
    if (editor) { e.preventDefault(); editor.querySelector("[data-cancel]")?.click(); }
  }
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target instanceof HTMLTextAreaElement) e.target.form?.requestSubmit();
}, true);

// Confirm before destructive submits (works for boosted and plain forms).
document.addEventListener("click", (e) => {
  const btn = e.target.closest("[data-confirm]");
  if (btn && !window.confirm(btn.dataset.confirm)) { e.preventDefault(); e.stopImmediatePropagation(); }
}, true);

// Toasts fade away after a while (kept while hovered or focused); × dismisses at once.
function armToasts(root) {
  root.querySelectorAll(".toast:not([data-armed])").forEach((t) => {
    t.dataset.armed = "1";
    setTimeout(() => {
      if (t.matches(":hover, :focus-within")) return;
      t.classList.add("fading");
      setTimeout(() => t.remove(), 400);
    }, 8000);
  });
}
document.addEventListener("click", (e) => { if (e.target.closest("[data-dismiss]")) e.target.closest(".toast")?.remove(); });
document.addEventListener("DOMContentLoaded", () => armToasts(document));
document.addEventListener("htmx:load", (e) => armToasts(e.detail.elt.parentElement || document));

// Lists: select all, the selected count, row click, keyboard (j/k move, Enter opens, x selects).
function updateSelection() {
  const boxes = [...document.querySelectorAll("input[name=ids][form=bulk-form]")];
  const n = boxes.filter((b) => b.checked).length;
  document.querySelectorAll("[data-selected-count]").forEach((el) => { el.textContent = String(n); });
  const all = document.querySelector("[data-select-all]");
  if (all) { all.checked = n > 0 && n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
}
document.addEventListener("change", (e) => {
  if (e.target.matches?.("[data-select-all]")) {
    document.querySelectorAll("input[name=ids][form=bulk-form]").forEach((b) => { b.checked = e.target.checked; });
  }
  if (e.target.matches?.("input[name=ids], [data-select-all]")) updateSelection();
});
document.addEventListener("htmx:load", updateSelection);

document.addEventListener("click", (e) => {
  const row = e.target.closest("tr[data-href]");
  if (!row || e.target.closest("a, button, input, label, select, textarea")) return;
  row.querySelector("a")?.click();
});

function rows() { return [...document.querySelectorAll("table[data-keynav] tbody tr[data-href]")]; }
document.addEventListener("keydown", (e) => {
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]")) return;
  const list = rows();
  if (list.length === 0) return;
  const current = document.querySelector("table[data-keynav] tr.is-current");
  let i = current ? list.indexOf(current) : -1;
  if (e.key === "j" || e.key === "k") {
    e.preventDefault();
    i = e.key === "j" ? Math.min(i + 1, list.length - 1) : Math.max(i - 1, 0);
    current?.classList.remove("is-current");
    const next = list[i];
    next.classList.add("is-current");
    next.querySelector("a")?.focus({ preventScroll: true });
    next.scrollIntoView({ block: "nearest" });
  } else if (e.key === "Enter" && current && !e.target.closest?.("a, button")) {
    e.preventDefault();
    current.querySelector("a")?.click();
  } else if (e.key === "x" && current) {
    const box = current.querySelector("input[name=ids]");
    if (box) { box.checked = !box.checked; updateSelection(); }
  }
});
document.addEventListener("focusin", (e) => {
  const row = e.target.closest?.("table[data-keynav] tr[data-href]");
  if (!row) return;
  document.querySelectorAll("table[data-keynav] tr.is-current").forEach((r) => r !== row && r.classList.remove("is-current"));
  row.classList.add("is-current");
});

// The custom-field filter: the value input follows the field's type (number, date, options).
document.addEventListener("change", (e) => {
  if (e.target.id !== "filter-cf") return;
  const opt = e.target.selectedOptions[0];
  const input = document.getElementById("filter-cf-value");
  const list = document.getElementById("filter-cf-options");
  const type = opt?.dataset.type || "text";
  input.type = type === "date" || type === "dateTime" ? "date" : type === "number" || type === "currency" ? "number" : "text";
  input.step = type === "number" || type === "currency" ? "any" : "";
  list.innerHTML = "";
  const options = type === "boolean" ? ["true", "false"] : (opt?.dataset.options || "").split("|").filter(Boolean);
  options.forEach((o) => { const el = document.createElement("option"); el.value = o; list.appendChild(el); });
  const op = document.getElementById("filter-cf-op");
  const ordered = ["number", "currency", "date", "dateTime"].includes(type);
  [...op.options].forEach((o) => { o.disabled = !ordered && o.value !== "eq"; });
  if (!ordered) op.value = "eq";
});

// Settings → Custom fields: the key follows the label until edited; options and currency only for their types.
document.addEventListener("input", (e) => {
  if (e.target.id === "cf-key") e.target.dataset.touched = "1";
  if (e.target.id === "cf-label") {
    const key = document.getElementById("cf-key");
    if (key && !key.dataset.touched && !key.closest("form")?.matches("[data-editing]")) {
      const words = e.target.value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
      let k = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join("");
      if (/^[0-9]/.test(k)) k = "f" + k;
      key.value = k.slice(0, 50);
    }
  }
});
function syncFieldType() {
  const type = document.getElementById("cf-type");
  if (!type) return;
  document.querySelectorAll("[data-for-types]").forEach((el) => { el.hidden = !el.dataset.forTypes.split(" ").includes(type.value); });
}
document.addEventListener("change", (e) => { if (e.target.id === "cf-type") syncFieldType(); });
document.addEventListener("DOMContentLoaded", syncFieldType);
document.addEventListener("htmx:load", syncFieldType);

// The note composer's "@ Mention someone": inserts @[Name](user:id) at the cursor (without JavaScript, the server appends it).
document.addEventListener("change", (e) => {
  const select = e.target.closest?.("select[data-mention-for]");
  if (!select || !select.value) return;
  const area = document.getElementById(select.dataset.mentionFor);
  if (area) {
    const at = area.selectionStart ?? area.value.length;
    const before = area.value.slice(0, at);
    const insert = (before && !/\s$/.test(before) ? " " : "") + select.value + " ";
    area.value = before + insert + area.value.slice(area.selectionEnd ?? at);
    area.focus();
    area.selectionStart = area.selectionEnd = at + insert.length;
  }
  select.value = "";
});
// Global search palette: Ctrl+K (or /) focuses the top bar's box; results load as you type (htmx);
// arrow keys move through them, Enter opens, Esc closes.
(() => {
  const input = () => document.getElementById("global-search");
  const palette = () => document.getElementById("palette");
  const links = () => Array.from(palette()?.querySelectorAll("a") ?? []);
  const open = () => { const p = palette(); if (p) { p.hidden = false; input()?.setAttribute("aria-expanded", "true"); } };
  const close = () => { const p = palette(); if (p) { p.hidden = true; input()?.setAttribute("aria-expanded", "false"); } };
  document.addEventListener("keydown", (e) => {
    const box = input();
    if (!box) return;
    const typing = e.target instanceof HTMLElement && e.target.closest("input, textarea, select, [contenteditable]");
    if ((e.key === "k" && (e.ctrlKey || e.metaKey)) || (e.key === "/" && !typing)) {
      e.preventDefault();
      box.focus();
      box.select();
      open();
      return;
    }
    if (!palette() || palette().hidden || !(e.target === box || palette().contains(e.target))) return;
    const items = links();
    const at = items.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && items.length) { e.preventDefault(); items[Math.min(at + 1, items.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); if (at <= 0) box.focus(); else items[at - 1].focus(); }
    else if (e.key === "Enter" && e.target === box && items.length) { e.preventDefault(); items[0].click(); }
    else if (e.key === "Escape") { close(); box.blur(); }
  });
  document.addEventListener("htmx:afterSwap", (e) => { if (e.detail.target?.id === "palette") open(); });
  document.addEventListener("click", (e) => { if (!e.target.closest?.(".search")) close(); });
})();
