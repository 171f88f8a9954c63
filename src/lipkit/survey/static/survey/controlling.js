// Controlling: an owner's report is saved as a draft while they type (a second after the
// last change), so nothing is lost; the buttons still save and send without JavaScript.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-autosave]");
  Array.prototype.forEach.call(forms, function (form) {
    var timer = null;
    var status = form.querySelector(".autosave-status");
    function save() {
      var data = new FormData(form);
      data.set("action", "draft");
      data.delete("evidence_file");
      // (not form.action: the buttons named "action" shadow that property)
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Autosave": "1" }
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!status) { return; }
          if (body.saved) {
            status.textContent = document.documentElement.lang === "en" ? "Draft saved" : "Entwurf gespeichert";
          } else {
            var messages = Object.keys(body.errors || {}).map(function (k) { return body.errors[k]; });
            status.textContent = messages.join(" ");
          }
        });
      }).catch(function () { /* the buttons remain */ });
    }
    form.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 1000);
    });
  });
})();
