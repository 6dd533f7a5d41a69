// Small progressive enhancements; the pages work without them.
// With scripts on, the unit pickers' search boxes are shown: without them the list alone works.
document.documentElement.classList.add("js");
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-confirm]");
  if (toggle && !window.confirm(toggle.dataset.confirm)) event.preventDefault();
});

// A form shown again with errors: bring the first one into view and put the cursor in its box, so a phone
// user does not have to hunt for it below the fold (docs/architecture.md, "Numbers as people type them").
const firstError = document.querySelector("form [aria-invalid='true'], form .errorlist");
if (firstError) {
  const box = firstError.matches("[aria-invalid='true']")
    ? firstError
    : firstError.closest(".field, fieldset")?.querySelector("input:not([type=hidden]), select, textarea");
  firstError.scrollIntoView({ block: "center" });
  if (box) box.focus({ preventScroll: true });
}
