// Paper-slip voting: the QR code links to /vote/slip/#CODE. The fragment never reaches the
// server (so the code is in no access log); this moves it into the form, wipes it from the
// address bar and history, and posts the form. No inline script: the CSP forbids it.
(function () {
  var form = document.querySelector("[data-slip-form]");
  if (!form || !window.location.hash || window.location.hash.length < 2) {
    return;
  }
  var code = decodeURIComponent(window.location.hash.slice(1)).replace(/[^A-Za-z0-9-]/g, "");
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  } else {
    window.location.hash = "";
  }
  var input = form.querySelector("[data-slip-code]");
  if (!input || !code) {
    return;
  }
  input.value = code;
  form.submit();
})();
