// Module URLs: the URL field follows the region. Choosing a named region shows that region's URL; choosing Custom
// leaves the field to the user and puts them in it; typing a URL of one's own chooses Custom, so what was typed is
// what is saved (the server refuses a typed URL sent with a named region rather than drop it).
(function () {
  document.querySelectorAll('select[data-region-for]').forEach(function (select) {
    var field = document.getElementById(select.getAttribute('data-region-for'));
    if (!field) { return; }
    function regionUrl() {
      var option = select.options[select.selectedIndex];
      return option ? option.getAttribute('data-url') : null;
    }
    select.addEventListener('change', function () {
      var url = regionUrl();
      if (url) { field.value = url; } else { field.focus(); }
    });
    field.addEventListener('input', function () {
      var url = regionUrl();
      if (url && field.value.trim().replace(/\/+$/, '') !== url.replace(/\/+$/, '')) { select.value = 'Custom'; }
    });
  });
})();
