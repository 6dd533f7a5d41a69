// Small progressive enhancements; the pages work without them.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-confirm]");
  if (toggle && !window.confirm(toggle.dataset.confirm)) event.preventDefault();
});
