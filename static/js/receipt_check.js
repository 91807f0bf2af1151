// Cast-as-counted check (核对选票): recompute, in the voter's own browser, the check value
// published beside a receipt: HMAC-SHA-256 keyed with the check secret shown once at cast
// time, over "RECEIPT|5,4,5,3" (the ratings in question order). The secret and the answers
// are never sent to the server: their inputs have no name and sit outside any form.
// Same computation as evaluations.ballots.services.commitment_of.
(function () {
  var box = document.querySelector("[data-check-box]");
  if (!box) {
    return;
  }
  function norm(text) {
    return (text || "").toUpperCase().replace(/[\s-]/g, "");
  }
  function line(text) {
    return ((text || "").match(/\d+/g) || [])
      .map(function (d) { return String(parseInt(d, 10)); })
      .join(",");
  }
  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("");
  }
  function show(which) {
    box.querySelectorAll("[data-check-message]").forEach(function (el) {
      el.classList.toggle("d-none", el.getAttribute("data-check-message") !== which);
    });
  }
  box.querySelector("[data-check-button]").addEventListener("click", function () {
    var rows = Array.prototype.filter.call(
      document.querySelectorAll("[data-check-row]"),
      function (row) { return row.getAttribute("data-commitment"); }
    );
    var secret = norm(box.querySelector("[data-check-secret]").value);
    var answers = line(box.querySelector("[data-check-answers]").value);
    if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) {
      show("unsupported");
      return;
    }
    if (!secret || !answers || !document.querySelector("[data-check-row]")) {
      show("incomplete");
      return;
    }
    if (!rows.length) {
      show("none");
      return;
    }
    var encoder = new TextEncoder();
    window.crypto.subtle
      .importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) {
        return Promise.all(
          rows.map(function (row) {
            var message = norm(row.getAttribute("data-receipt")) + "|" + answers;
            return window.crypto.subtle.sign("HMAC", key, encoder.encode(message)).then(function (sig) {
              return hex(sig) === row.getAttribute("data-commitment");
            });
          })
        );
      })
      .then(function (results) {
        show(results.indexOf(true) >= 0 ? "match" : "mismatch");
      });
  });
})();
