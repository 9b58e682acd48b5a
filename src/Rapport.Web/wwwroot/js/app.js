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
