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
