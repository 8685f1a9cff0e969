/* The region picker (regions/forms.py): choosing a division loads the next level's divisions
   from the picker's endpoint and posts the deepest choice (a 12-digit code) in the hidden input. */
(function () {
  "use strict";
  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var hidden = picker.querySelector("input[type=hidden]");
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select"));
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        var value = "";
        for (var i = index; i >= 0 && !value; i--) value = selects[i].value;
        hidden.value = value;
        for (var j = index + 1; j < selects.length; j++) {
          var option = document.createElement("option");
          option.value = "";
          option.textContent = selects[j].dataset.empty;
          selects[j].replaceChildren(option);
          selects[j].disabled = true;
        }
        var next = selects[index + 1];
        if (!next || !select.value) return;
        fetch(picker.dataset.url + "?parent=" + encodeURIComponent(select.value), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) {
            if (!html) return;
            next.innerHTML = html;
            next.disabled = next.options.length <= 1;
          });
      });
    });
  }
  function setUpAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll(".jz-region-picker").forEach(setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
})();
