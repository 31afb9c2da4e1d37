// Behaviour that used to sit in inline on* attributes, which the Content-Security-Policy forbids.
// <form data-confirm="Question?"> asks before submitting; <select data-autosubmit> submits its form
// on change; <a data-print> prints the page.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (link) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-back]") : null;
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
