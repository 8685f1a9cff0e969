// Behaviour that pages declare with data attributes, so that no page needs an inline script
// (the Content-Security-Policy allows scripts from the site's own files only).
//   <form data-confirm="确定删除？">   asks before submitting
//   <select data-autosubmit>          submits its form when changed
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
});
