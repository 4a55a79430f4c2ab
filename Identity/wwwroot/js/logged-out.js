// Continue to the application once every front-channel logout frame has loaded, or after 3 seconds.
(function () {
  var link = document.getElementById('continue');
  if (!link) { return; }
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe.logout-frame'));
  var pending = frames.length;
  var done = false;
  function go() { if (!done) { done = true; window.location.replace(link.href); } }
  frames.forEach(function (frame) {
    frame.addEventListener('load', function () { pending -= 1; if (pending <= 0) { go(); } });
  });
  if (pending === 0) { go(); }
  setTimeout(go, 3000);
})();
