// Capaian preview while typing on the entry form. The server computes everything
// (evaluasi/capaian.py through the form's "pratinjau" path); this script only sends the
// form and shows the answer. Without JavaScript the "Hitung capaian" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("form-entri");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var JEDA_MS = 400;
  var pewaktu = null;
  var nomor = 0;

  function isi(selektor, teks) {
    var el = form.querySelector(selektor);
    if (el && teks !== undefined && teks !== null) {
      el.textContent = teks;
    }
  }

  function tampilkan(data) {
    Object.keys(data.indikator || {}).forEach(function (id) {
      var ind = data.indikator[id];
      isi('[data-capaian="' + id + '"]', ind.capaian);
      Object.keys(ind.sd || {}).forEach(function (nama) {
        isi('[data-sd="' + nama + '"]', ind.sd[nama]);
      });
    });
    if (data.anggaran && data.anggaran.sisa) {
      isi("[data-sisa]", data.anggaran.sisa);
    }
  }

  function pratinjau() {
    var data = new FormData(form);
    data.append("pratinjau", "1");
    var ini = ++nomor;
    form.classList.add("memuat");
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (json) {
        if (json && ini === nomor) {
          tampilkan(json);
        }
      })
      .catch(function () {
        // The preview is a convenience: on a network error the saved figures stay shown.
      })
      .then(function () {
        if (ini === nomor) {
          form.classList.remove("memuat");
        }
      });
  }

  form.addEventListener("input", function (e) {
    var t = e.target;
    if (!t.name || !(t.name.indexOf("nilai_") === 0 || t.name === "anggaran")) {
      return;
    }
    clearTimeout(pewaktu);
    pewaktu = setTimeout(pratinjau, JEDA_MS);
  });
})();
