// Enables "Log in with KaseyaOne" while the company typed has the integration on (SPEC rule 7).
(function () {
  var input = document.querySelector('[data-kaseyaone-company]');
  var link = document.querySelector('[data-testid=kaseyaone-login]');
  if (!input || !link) { return; }
  var timer;
  function update() {
    var company = input.value.trim();
    fetch('/kaseyaone/status?company=' + encodeURIComponent(company), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { enabled: false }; })
      .then(function (status) {
        // An answer about a company since retyped says nothing of the one in the field now: its own answer decides.
        if (company !== input.value.trim()) { return; }
        if (status.enabled) {
          link.setAttribute('href', link.getAttribute('data-href-base') + encodeURIComponent(company));
          link.removeAttribute('aria-disabled');
          link.classList.remove('disabled');
        } else {
          link.removeAttribute('href');
          link.setAttribute('aria-disabled', 'true');
          link.classList.add('disabled');
        }
      });
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 200); });
})();
