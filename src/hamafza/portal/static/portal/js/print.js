// The print view's button. Without a script the page is still the print layout and the
// browser's own print command prints it; the button shows only when it can work.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
