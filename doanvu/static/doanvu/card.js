// The member card's "In thẻ" button (hidden without scripts: the browser's own print still works).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
