// The pop-up menus of both apps: the app launcher and the menu under the user's name (the WAI-ARIA menu
// button pattern). The button says whether its menu is open (aria-expanded); arrow keys, Home and End move
// between the items; Escape closes the menu and gives focus back to the button; a click elsewhere closes it.
// An unavailable item (aria-disabled, tabindex -1, nothing to activate) is focusable like the others, as the pattern
// asks of disabled menu items: a keyboard or screen-reader user learns it is there and why it cannot be used, and a
// menu whose items are all unavailable still takes focus instead of opening where the keyboard cannot reach it.
document.querySelectorAll('[data-menu]').forEach(function (menu) {
  var button = menu.querySelector('[aria-haspopup]');
  var panel = menu.querySelector('[role=menu]');
  function items() {
    return Array.prototype.slice.call(panel.querySelectorAll('[role=menuitem]'));
  }
  function setOpen(open) {
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  }
  function focusItem(index) {
    var all = items();
    if (all.length > 0) { all[(index + all.length) % all.length].focus(); }
  }
  button.addEventListener('click', function () {
    setOpen(panel.hidden);
    if (!panel.hidden) { focusItem(0); }
  });
  button.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      focusItem(event.key === 'ArrowDown' ? 0 : -1);
    }
  });
  panel.addEventListener('keydown', function (event) {
    var at = items().indexOf(document.activeElement);
    if (event.key === 'ArrowDown') { event.preventDefault(); focusItem(at + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); focusItem(at - 1); }
    else if (event.key === 'Home') { event.preventDefault(); focusItem(0); }
    else if (event.key === 'End') { event.preventDefault(); focusItem(-1); }
    else if (event.key === 'Tab') { setOpen(false); }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) { setOpen(false); button.focus(); }
  });
  document.addEventListener('click', function (event) {
    if (!menu.contains(event.target)) { setOpen(false); }
  });
});
