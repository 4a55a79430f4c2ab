// The app launcher of both apps: opens and closes with its button, closes on Escape or a click elsewhere.
document.querySelectorAll('[data-launcher]').forEach(function (launcher) {
  var button = launcher.querySelector('button');
  var panel = launcher.querySelector('[role=menu]');
  function setOpen(open) {
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (open) {
      var first = panel.querySelector('a');
      if (first) { first.focus(); }
    }
  }
  button.addEventListener('click', function () { setOpen(panel.hidden); });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) { setOpen(false); button.focus(); }
  });
  document.addEventListener('click', function (event) {
    if (!launcher.contains(event.target)) { setOpen(false); }
  });
});
