// kechuang dashboard: draws every chart whose ECharts option the server put
// in a data-option attribute. No network access: ECharts is served locally.
(function () {
  "use strict";
  function init() {
    var els = document.querySelectorAll(".chart[data-option]");
    var done = 0;
    document.body.dataset.charts = String(els.length);
    document.body.dataset.chartsReady = "0";
    if (typeof echarts === "undefined") {
      document.body.dataset.chartsError = "echarts not loaded";
      return;
    }
    els.forEach(function (el) {
      var option = JSON.parse(el.dataset.option);
      if (option._height) { // the server sizes charts to their content
        el.style.height = option._height + "px";
        delete option._height;
      }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.on("finished", function once() {
        chart.off("finished", once);
        done++;
        document.body.dataset.chartsReady = String(done);
      });
      chart.on("click", function (p) {
        if (p.data && typeof p.data.value === "string" && p.data.value.indexOf("/node/") === 0) {
          window.location.href = p.data.value;
        }
      });
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// A select marked data-autosubmit submits its form when changed (the
// district switcher); without script the form has a button.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });
})();
