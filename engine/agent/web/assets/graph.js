// The dependency graph: hovering over (or focusing) a resource shows its
// address, the plan's action and its neighbours in the panel beside the
// graph and lights the edges that touch it; a click pins that resource
// until the next click.
// window.trueupGraph() wires the graph on the page; run.js calls it again
// when it swaps in the plan of a run that just ended.
(function () {
  "use strict";
  window.trueupGraph = wire;
  wire();

  function wire() {
    var svg = document.querySelector("svg.graph");
    var info = document.getElementById("graph-info");
    if (!svg || !info) {
      return;
    }
    var nodes = svg.querySelectorAll("g.node");
    var edges = svg.querySelectorAll("path.edge");
    var pinned = null;

    function neighbours(addr) {
      var deps = [], users = [];
      edges.forEach(function (e) {
        if (e.dataset.to === addr) { deps.push(e.dataset.from); }
        if (e.dataset.from === addr) { users.push(e.dataset.to); }
      });
      return {deps: deps, users: users};
    }

    function list(title, items) {
      var p = document.createElement("p");
      p.className = "graph-info-list";
      p.textContent = title + ": " + (items.length ? items.join(", ") : "none");
      return p;
    }

    function show(node) {
      var addr = node.dataset.address;
      var n = neighbours(addr);
      var near = {};
      near[addr] = true;
      n.deps.concat(n.users).forEach(function (a) { near[a] = true; });
      nodes.forEach(function (g) {
        g.classList.toggle("hover", g === node);
        g.classList.toggle("dim", !near[g.dataset.address]);
      });
      edges.forEach(function (e) {
        e.classList.toggle("lit", e.dataset.from === addr || e.dataset.to === addr);
      });
      info.textContent = "";
      var code = document.createElement("code");
      code.id = "graph-address";
      code.textContent = addr;
      info.appendChild(code);
      var act = document.createElement("span");
      act.className = "action-badge action-" + (node.dataset.action || "none");
      act.textContent = node.dataset.action || "unchanged";
      info.appendChild(document.createTextNode(" "));
      info.appendChild(act);
      info.appendChild(list("Depends on", n.deps));
      info.appendChild(list("Used by", n.users));
      info.dataset.address = addr;
    }

    function clear() {
      nodes.forEach(function (g) { g.classList.remove("hover", "dim"); });
      edges.forEach(function (e) { e.classList.remove("lit"); });
    }

    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () { if (!pinned) { show(node); } });
      node.addEventListener("focus", function () { if (!pinned) { show(node); } });
      node.addEventListener("mouseleave", function () { if (!pinned) { clear(); } });
      node.addEventListener("click", function (ev) {
        ev.stopPropagation();
        if (pinned) { pinned.classList.remove("pinned"); }
        if (pinned === node) {
          pinned = null;
          clear();
          return;
        }
        pinned = node;
        node.classList.add("pinned");
        show(node);
      });
    });
  }
})();
