// Submits a control's form as soon as it changes (the integration slider). A file, not an inline
// onchange attribute: the Content-Security-Policy allows scripts from this origin only.
document.querySelectorAll('[data-submit-on-change]').forEach(function (control) {
  control.addEventListener('change', function () { control.form.requestSubmit(); });
});
