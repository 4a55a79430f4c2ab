// Submits a control's form as soon as it changes (the integration slider). A file, not an inline
// onchange attribute: the Content-Security-Policy allows scripts from this origin only.
// The round trip through KaseyaOne takes a moment: the form's progress line says what is happening, and the control is
// disabled (after the form's values were taken) so that it cannot be moved back while the answer is on its way.
document.querySelectorAll('[data-submit-on-change]').forEach(function (control) {
  var progress = control.form.querySelector('[data-progress]');
  control.addEventListener('change', function () {
    control.form.requestSubmit();
    control.disabled = true;
    if (progress) {
      progress.textContent = progress.getAttribute(control.checked ? 'data-progress-on' : 'data-progress-off');
    }
  });
  // Back from KaseyaOne to a page restored from the cache: the control as the server drew it, and usable again.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) { return; }
    control.checked = control.defaultChecked;
    control.disabled = false;
    if (progress) { progress.textContent = ''; }
  });
});
