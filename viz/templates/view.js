// The page's behaviour: filters, search and the side panel over a vis-network drawing.
// Its data is the JSON of the element #pk-data, written by policykg.viz.page: nothing
// here is filled in from Python, so this file is the same for every view.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pk-data").textContent);
  // A place or body that has become another carries a "now" badge: its province is
  // "Thái Bình (now Hưng Yên)" (policykg.viz.select.province_of).
  var NOW = / \(now ([^()]+)\)$/;
  data.nodes.forEach(function (n) {
    var m = NOW.exec(n.province || "");
    if (m) { n.label = n.label + "\n⟶ now " + m[1]; }
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var options = data.options;
  // Central documents stay shown whichever province is chosen.
  var NATIONAL = data.national;
  var container = document.getElementById("network");
  // Data is set after the listeners, so that no event of the first layout is missed.
  var network = new vis.Network(container, {}, options);
  var pk = {network: network, nodes: nodes, edges: edges, ready: false, selected: null};
  window.policykg = pk;

  function markReady() {
    if (pk.ready) { return; }
    pk.ready = true;
    document.body.dataset.state = "ready";
  }
  var simulated = !!(options.physics && options.physics.enabled !== false);
  if (simulated) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({nodes: nodes, edges: edges});

  // --- filters: node type (legend), province, relation
  var typeEntries = document.querySelectorAll("#pk-legend [data-node-type]");
  var relationBoxes = document.querySelectorAll("input[data-filter-relation]");
  var provinceSelect = document.getElementById("pk-province");

  function applyFilters() {
    var off = {};
    typeEntries.forEach(function (el) {
      if (el.classList.contains("pk-off")) { off[el.dataset.nodeType] = true; }
    });
    var province = provinceSelect.value;
    var changed = [];
    nodes.forEach(function (n) {
      // A province shows its old parts too: "Hưng Yên" keeps "Thái Bình (now Hưng Yên)".
      var now = NOW.exec(n.province || "");
      var hidden = !!off[n.ptype] || (province !== "" && n.province !== "" &&
        n.province !== province && n.province !== NATIONAL &&
        !(now && (now[1] === province || n.province.slice(0, now.index) === province)));
      if (!!n.hidden !== hidden) { changed.push({id: n.id, hidden: hidden}); }
    });
    nodes.update(changed);
    var shown = {};
    relationBoxes.forEach(function (box) { shown[box.dataset.filterRelation] = box.checked; });
    var changedEdges = [];
    edges.forEach(function (e) {
      var hidden = shown[e.relation] === false;
      if (!!e.hidden !== hidden) { changedEdges.push({id: e.id, hidden: hidden}); }
    });
    edges.update(changedEdges);
  }
  typeEntries.forEach(function (el) {
    function toggle() { el.classList.toggle("pk-off"); applyFilters(); }
    el.addEventListener("click", toggle);
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); }
    });
  });
  relationBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  provinceSelect.addEventListener("change", applyFilters);

  // --- search: number, file name, task id (file#8.1) or name; case and accents ignored
  function fold(text) {
    return text.replace(/Đ/g, "D").replace(/đ/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var RANK = {Document: 0, Task: 1, Agency: 2, Target: 3};
  function find(query) {
    var q = fold(query);
    if (!q) { return null; }
    var best = null, bestScore = null;
    nodes.forEach(function (n) {
      var keys = (n.search || "").split("\n"), level = 3;
      for (var i = 0; i < keys.length; i++) {
        var k = keys[i];
        if (k === q) { level = 0; break; }
        if (level > 1 && k.indexOf(q) === 0) { level = 1; }
        else if (level > 2 && k.indexOf(q) > 0) { level = 2; }
      }
      if (level === 3) { return; }
      var rank = RANK[n.ptype] === undefined ? 9 : RANK[n.ptype];
      var score = level * 10 + rank;
      if (bestScore === null || score < bestScore) { best = n.id; bestScore = score; }
    });
    return best;
  }
  var input = document.getElementById("pk-search");
  var status = document.getElementById("pk-search-status");
  var info = document.getElementById("pk-info");
  function show(id) {
    var n = nodes.get(id);
    info.textContent = n ? n.title : "";
  }
  function search() {
    var id = find(input.value);
    pk.selected = id;
    if (id === null) {
      status.textContent = input.value.trim() ? "no match" : "";
      status.classList.add("pk-miss");
      network.unselectAll();
      return;
    }
    var n = nodes.get(id);
    status.classList.remove("pk-miss");
    status.textContent = n.hidden ? "found (hidden by a filter)" : "found";
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    show(id);
  }
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); search(); }
  });
  document.getElementById("pk-search-go").addEventListener("click", search);

  // A click shows the tooltip's text in the side panel, where it can be read and copied.
  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); return; }
    if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      info.textContent = e ? e.title : "";
      return;
    }
    info.textContent = "";
  });
})();
