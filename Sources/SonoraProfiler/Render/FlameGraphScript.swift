/// The inline script of SVG flame graphs: click to zoom, search, hover details.
///
/// It only rearranges what the SVG already draws, so with scripts off the graph still shows every
/// frame, its label and its `<title>` tooltip. `W`, `PAD`, `ICICLE` and `CHAR` are defined by the
/// renderer just before this source.
enum FlameGraphScript {
    static let source = #"""
    var frames = [], zoomed = null, searching = null;
    function label(name, w) {
      var fits = Math.floor((w - 6) / CHAR);
      if (fits < 3) return "";
      return name.length <= fits ? name : name.slice(0, fits - 2) + "..";
    }
    function place(f, x, w, show) {
      f.g.style.display = show ? "" : "none";
      if (!show) return;
      f.r.setAttribute("x", x.toFixed(2)); f.r.setAttribute("width", w.toFixed(2));
      f.t.setAttribute("x", (x + 3).toFixed(2)); f.t.textContent = label(f.name, w);
    }
    function below(a, b) { return ICICLE ? a.y > b.y : a.y < b.y; }
    function zoom(target) {
      zoomed = target;
      var scale = (W - 2 * PAD) / target.w, eps = 1e-6;
      frames.forEach(function (f) {
        var covers = f.x <= target.x + eps && f.x + f.w >= target.x + target.w - eps;
        var inside = f.x >= target.x - eps && f.x + f.w <= target.x + target.w + eps;
        if (f === target || (below(f, target) && inside)) {
          place(f, PAD + (f.x - target.x) * scale, f.w * scale, f.w * scale >= 0.1);
          f.g.style.opacity = "";
        } else if (below(target, f) && covers) {
          place(f, PAD, W - 2 * PAD, true);
          f.g.style.opacity = "0.6";
        } else {
          place(f, 0, 0, false);
        }
      });
      document.getElementById("reset").style.display = "";
    }
    function reset() {
      zoomed = null;
      frames.forEach(function (f) { place(f, f.x, f.w, true); f.g.style.opacity = ""; });
    }
    function search() {
      var term = prompt("Search frames (regular expression)", searching || "");
      if (term === null) return;
      searching = term || null;
      var re = null;
      try { re = searching ? new RegExp(searching) : null; } catch (e) { alert(e); return; }
      var spans = [];
      frames.forEach(function (f) {
        var hit = re !== null && re.test(f.name);
        f.r.setAttribute("fill", hit ? "rgb(230,0,230)" : f.fill);
        if (hit) spans.push([f.x, f.x + f.w]);
      });
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var covered = 0, end = -1;
      spans.forEach(function (s) {
        if (s[1] <= end) return;
        covered += s[1] - Math.max(s[0], end); end = s[1];
      });
      document.getElementById("search").textContent = searching ? "Matched " +
        (100 * covered / (W - 2 * PAD)).toFixed(1) + "% (search again)" : "Search";
    }
    window.addEventListener("load", function () {
      var details = document.getElementById("details");
      Array.prototype.forEach.call(document.querySelectorAll("g.f"), function (g) {
        var r = g.querySelector("rect"), t = g.querySelector("text");
        var f = { g: g, r: r, t: t, name: g.getAttribute("data-name"), fill: r.getAttribute("fill"),
                  x: +r.getAttribute("x"), w: +r.getAttribute("width"), y: +r.getAttribute("y") };
        frames.push(f);
        var tip = g.querySelector("title").textContent.replace(/\n/g, " | ");
        g.addEventListener("click", function () { zoom(f); });
        g.addEventListener("mouseover", function () { details.textContent = tip; });
        g.addEventListener("mouseout", function () { details.textContent = " "; });
      });
      var resetButton = document.getElementById("reset"), searchButton = document.getElementById("search");
      resetButton.addEventListener("click", function () { reset(); resetButton.style.display = "none"; });
      searchButton.style.display = "";
      searchButton.addEventListener("click", search);
    });
    """#
}
