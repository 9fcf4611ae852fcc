"""The decision room's one inline script (a constant: its CSP hash never changes).

It reads the page's JSON data block and, on every slider move, re-computes what
:mod:`bidtool.model` and :mod:`bidtool.ranking` compute for ``bidtool rank -s``:

* global leaf weights as :meth:`bidtool.model.CriteriaSet.compute_leaves` (the
  product of the per-level normalised weights, summed left to right);
* the weighted sum Σ_j w_j·u_ij of the utilities the CLI computed (Fishburn 1967);
* competition ranks with the tie rule of :func:`bidtool.ranks.rank_matrix`
  (ties within a relative 1e-12), eligible regions by rank then id, ineligible
  ones after by score then id, as :func:`bidtool.ranking.rank` orders them;
* the known share of each region's weight (:func:`bidtool.ranking.coverage`);
* the map's site markers recoloured by that ranking, from the colours the page's
  data lists per rank (:func:`bidtool.render.map.rank_colours`: no colour arithmetic
  here), rank 1 drawn on top; the labels' rank numbers rewritten.

Text never enters the page through the script: names are in the HTML, escaped;
the script only moves numbers, ids and the scenario's text into a textarea.
"""

SCRIPT = r"""(function () {
"use strict";
var D = JSON.parse(document.getElementById("room-data").textContent);
var sliders = {}, w = {}, kids = {}, leafPos = {};
D.nodes.forEach(function (n) {
  w[n.id] = n.weight;
  (kids[n.parent] = kids[n.parent] || []).push(n.id);
});
D.leaves.forEach(function (id, j) { leafPos[id] = j; });
document.querySelectorAll("input[type=range][data-criterion]").forEach(function (el) {
  sliders[el.getAttribute("data-criterion")] = el;
});
function fmt(x) {
  var s = String(x);
  var e = s.indexOf("e");
  if (e < 0) { return s; }
  var m = s.slice(0, e);
  return (m.indexOf(".") < 0 ? m + ".0" : m) + "e" + s.slice(e + 1);
}
function leafWeights() {
  if (D.fixedLeafWeights) { return D.fixedLeafWeights.slice(); }
  var out = D.leaves.map(function () { return 0; });
  function visit(ids, share) {
    var total = 0, i;
    for (i = 0; i < ids.length; i++) { total += w[ids[i]]; }
    for (i = 0; i < ids.length; i++) {
      var x = total > 0 ? share * (w[ids[i]] / total) : 0;
      if (kids[ids[i]]) { visit(kids[ids[i]], x); } else { out[leafPos[ids[i]]] = x; }
    }
  }
  visit(kids[""], 1.0);
  return out;
}
function beats(a, b) {
  return (a - b) > D.tieRtol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
function zeroLevels() {
  return Object.keys(kids).filter(function (p) {
    return kids[p].reduce(function (s, id) { return s + w[id]; }, 0) <= 0;
  });
}
function update() {
  Object.keys(sliders).forEach(function (id) { w[id] = Number(sliders[id].value); });
  var lw = leafWeights();
  var total = lw.reduce(function (s, x) { return s + x; }, 0);
  var rows = D.regions.map(function (r) {
    var score = 0, known = 0, missing = false, parts = {};
    for (var j = 0; j < lw.length; j++) {
      var c = r.u[j] * lw[j];
      score += c;
      parts[D.leafGroup[j]] = (parts[D.leafGroup[j]] || 0) + c;
      if (r.known[j]) { known += lw[j]; } else { missing = true; }
    }
    var cov = !missing ? 1 : total <= 0 ? r.known.filter(Boolean).length / r.known.length
      : known / total;
    return { id: r.id, eligible: r.eligible, score: score, parts: parts, cov: cov };
  });
  var elig = rows.filter(function (r) { return r.eligible; });
  elig.forEach(function (r) {
    r.rank = 1 + elig.filter(function (o) { return beats(o.score, r.score); }).length;
  });
  var byId = function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; };
  elig.sort(function (a, b) { return a.rank - b.rank || byId(a, b); });
  var rest = rows.filter(function (r) { return !r.eligible; });
  rest.sort(function (a, b) { return b.score - a.score || byId(a, b); });
  var counts = {};
  elig.forEach(function (r) { counts[r.rank] = (counts[r.rank] || 0) + 1; });
  var body = document.getElementById("room-rows");
  elig.concat(rest).forEach(function (r) {
    var tr = body.querySelector('tr[data-region="' + r.id + '"]');
    tr.setAttribute("data-rank", r.eligible ? String(r.rank) : "");
    tr.setAttribute("data-score", String(r.score));
    tr.querySelector(".rank").textContent = r.eligible
      ? String(r.rank) + (counts[r.rank] > 1 ? "=" : "") : "\u2013";
    tr.querySelector(".score").textContent = r.score.toFixed(3);
    tr.querySelector(".known").textContent = Math.round(100 * r.cov) + "%";
    tr.querySelectorAll(".seg").forEach(function (seg) {
      var v = r.parts[seg.getAttribute("data-group")] || 0;
      seg.style.width = (100 * Math.max(v, 0)) + "%";
      seg.title = seg.getAttribute("data-label") + ": " + v.toFixed(3);
    });
    body.appendChild(tr);
  });
  var sites = document.querySelectorAll("circle.site[data-site]");
  if (sites.length) {
    var byRegion = {};
    elig.forEach(function (r) { byRegion[r.id] = r; });
    var layer = sites[0].parentNode;
    var order = Array.prototype.slice.call(sites).map(function (el) {
      var r = byRegion[el.getAttribute("data-site")];
      return { el: el, id: el.getAttribute("data-site"), rank: r ? r.rank : Infinity };
    });
    order.sort(function (a, b) { return b.rank - a.rank || byId(a, b); });
    order.forEach(function (o) {
      if (o.rank !== Infinity) {
        o.el.setAttribute("fill", D.rankColours[o.rank - 1]);
        o.el.setAttribute("data-live-rank", String(o.rank));
      }
      layer.appendChild(o.el);
    });
    document.querySelectorAll("tspan[data-site-rank]").forEach(function (el) {
      var r = byRegion[el.getAttribute("data-site-rank")];
      if (r) { el.textContent = String(r.rank) + (counts[r.rank] > 1 ? "=" : ""); }
    });
  }
  D.nodes.forEach(function (n) {
    var share = 0;
    D.leaves.forEach(function (id, j) { if (D.leafPath[j].indexOf(n.id) >= 0) { share += lw[j]; } });
    var out = document.querySelector('[data-share="' + n.id + '"]');
    if (out) { out.textContent = (100 * share).toFixed(1) + "%"; }
    var val = document.querySelector('[data-value="' + n.id + '"]');
    if (val) { val.textContent = String(Number(w[n.id].toPrecision(4))); }
  });
  var zero = zeroLevels();
  var warn = document.getElementById("room-zero");
  warn.hidden = zero.length === 0;
  var lines = D.scenario.head.slice();
  if (D.scenario.editable) {
    lines.push("weights:");
    D.nodes.forEach(function (n) {
      if (n.editable) { lines.push('  "' + n.id + '": ' + fmt(w[n.id])); }
    });
  } else {
    lines = ["# " + D.scenario.fixed];
  }
  var text = document.getElementById("scenario");
  text.value = lines.join("\n") + "\n";
  document.getElementById("room-copy").disabled = !D.scenario.editable || zero.length > 0;
}
Object.keys(sliders).forEach(function (id) {
  sliders[id].addEventListener("input", update);
});
document.getElementById("room-reset").addEventListener("click", function () {
  D.nodes.forEach(function (n) { if (sliders[n.id]) { sliders[n.id].value = String(n.weight); } });
  update();
});
document.getElementById("room-copy").addEventListener("click", function () {
  var text = document.getElementById("scenario");
  var said = document.getElementById("room-copied");
  function done(ok) { said.textContent = ok ? said.getAttribute("data-ok") : said.getAttribute("data-select"); }
  text.select();
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text.value).then(function () { done(true); },
      function () { done(document.execCommand && document.execCommand("copy")); });
  } else {
    done(document.execCommand && document.execCommand("copy"));
  }
});
update();
})();
"""
