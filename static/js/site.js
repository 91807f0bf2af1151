// Behaviour shared by every page; no inline scripts (the content security policy forbids them).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("[data-autosubmit]")) {
    target.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
  var confirmTarget = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (confirmTarget && !window.confirm(confirmTarget.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
