// The top menu on a phone (docs/architecture.md, "The menu on a phone"): folded behind its button.
// Loaded right after the menu, not deferred, so the page is never drawn with the menu open and then folded.
// Without scripts the menu simply stays open.
(() => {
  const bar = document.currentScript?.closest(".topbar");
  const button = bar?.querySelector(".menu-toggle");
  if (!bar || !button) return;
  bar.classList.add("foldable");
  button.addEventListener("click", () => {
    const open = bar.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
