// Both apps' forms are sent once. Clicked again while the first answer is on its way, a browser sends the form a second
// time and shows the second answer: on a code step that is a refusal (the code was just used; the anti-forgery token
// belonged to the visitor the first post signed in) although the first post succeeded. A sent form says it is busy
// (aria-busy) until the next page replaces it; a page the back button restores from the cache is usable again.
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.getAttribute('aria-busy') === 'true') { event.preventDefault(); return; }
    if (!event.defaultPrevented) { form.setAttribute('aria-busy', 'true'); }
  });
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll('form[aria-busy=true]').forEach(function (form) { form.removeAttribute('aria-busy'); });
  });
})();

// A page that comes back refusing what was sent starts where the problem is, instead of at the top of the page (and
// before autofocus, which a focused page skips): at the first field marked invalid, whose message describes it
// (FieldErrorTagHelper), or else at the page's message, from which Tab leads on into the form.
// A page that comes back after a change went through ("Employee kim created.") starts at that notice. Its status role
// alone is not enough: a live region that is already on the page when it loads is not read out, only later changes
// to it are, so after the redirect a screen reader would say nothing of the change.
(function () {
  var start = document.querySelector('[aria-invalid=true]');
  if (!start) {
    start = document.querySelector('.alert[role=alert]') || document.querySelector('.notice[role=status]');
    if (start) { start.setAttribute('tabindex', '-1'); }
  }
  if (start) { start.focus(); }
})();
