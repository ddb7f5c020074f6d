/* The report's behaviour: filters and counts, verdicts made on the page (kept in localStorage until
   exported as JSONL in the format of flagged.verdicts.jsonl), keyboard navigation.  No network. */
(function () {
  "use strict";
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var typeBoxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[name=type]"));
  var outletSel = $("f-outlet"), scoreIn = $("f-score"), scoreOut = $("f-score-value");
  var searchIn = $("f-search"), statusSel = $("f-status"), reviewerIn = $("reviewer");
  var storeKey = "contradict-verdicts:" + body.dataset.reportKey;
  var current = null;

  function load(key, fallback) {
    try { var v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: verdicts live until reload */ }
  }

  // Verdicts made here and not yet in the report; one already recorded as new or newer is dropped.
  var fresh = load(storeKey, {}) || {};
  cards.forEach(function (card) {
    var f = fresh[card.dataset.id];
    if (f && card.dataset.verdict && (card.dataset.verdictTime || "") >= f.time) delete fresh[card.dataset.id];
  });
  reviewerIn.value = load("contradict-reviewer", "") || "";

  function stateOf(card) {
    var f = fresh[card.dataset.id];
    return f ? f.verdict : (card.dataset.verdict || "");
  }

  function passes(card, ignoreType) {
    if (!ignoreType && !typeBoxes.some(function (b) { return b.checked && b.value === card.dataset.type; })) return false;
    var outlet = outletSel.value;
    if (outlet && card.dataset.outletLeft !== outlet && card.dataset.outletRight !== outlet) return false;
    if (parseFloat(card.dataset.score) + 1e-9 < parseFloat(scoreIn.value)) return false;
    var words = searchIn.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (var i = 0; i < words.length; i++) if (card.dataset.search.indexOf(words[i]) < 0) return false;
    var status = statusSel.value, state = stateOf(card);
    if (status === "open") return state !== "dismissed";
    if (status === "unreviewed") return !state;
    return status === "all" || state === status;
  }

  function apply() {
    var shown = 0, perType = {};
    cards.forEach(function (card) {
      var ok = passes(card, false);
      card.hidden = !ok;
      if (ok) shown++;
      if (passes(card, true)) perType[card.dataset.type] = (perType[card.dataset.type] || 0) + 1;
    });
    groups.forEach(function (group) {
      var n = group.querySelectorAll("article.finding:not([hidden])").length;
      group.hidden = n === 0;
      var count = group.querySelector(".group-count");
      if (count) count.textContent = n;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-type-count]"), function (span) {
      span.textContent = perType[span.dataset.typeCount] || 0;
    });
    $("count").textContent = shown + " of " + cards.length + " findings shown";
    $("none").hidden = shown > 0 || cards.length === 0;
    scoreOut.textContent = Number(scoreIn.value).toFixed(2);
    if (current && current.hidden) setCurrent(null);
    return shown;
  }

  function renderVerdict(card) {
    var state = stateOf(card), badge = card.querySelector(".verdict-badge");
    card.dataset.state = state;
    badge.hidden = !state;
    badge.textContent = state;
    badge.classList.toggle("fresh", !!fresh[card.dataset.id]);
    Array.prototype.forEach.call(card.querySelectorAll("button[data-set]"), function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.set === state));
    });
  }

  function exportLines() {
    return Object.keys(fresh).map(function (id) { return fresh[id]; })
      .sort(function (a, b) { return a.time < b.time ? -1 : a.time > b.time ? 1 : (a.finding_id < b.finding_id ? -1 : 1); })
      .map(function (v) {  // the key order of contradict.schema.Verdict
        return JSON.stringify({finding_id: v.finding_id, verdict: v.verdict, note: v.note, reviewer: v.reviewer, time: v.time});
      });
  }
  function exportText() { var lines = exportLines(); return lines.length ? lines.join("\n") + "\n" : ""; }

  function updateExport() {
    var n = Object.keys(fresh).length;
    $("new-count").textContent = n;
    $("export").disabled = n === 0;
  }

  function setVerdict(card, verdict) {
    var id = card.dataset.id, note = card.querySelector("input.note").value.trim();
    if (fresh[id] && fresh[id].verdict === verdict) {
      delete fresh[id];  // the same button again takes a new verdict back
    } else {
      fresh[id] = {finding_id: id, verdict: verdict, note: note || null,
                   reviewer: reviewerIn.value.trim() || "browser",
                   time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z")};
    }
    store(storeKey, fresh);
    renderVerdict(card);
    updateExport();
    var next = neighbour(card, 1) || neighbour(card, -1);
    apply();
    if (card.hidden) setCurrent(next);  // a dismissed finding leaves the default view: go on to the next
  }

  function visible() { return cards.filter(function (c) { return !c.hidden; }); }
  function neighbour(card, step) {
    var v = visible(), i = v.indexOf(card);
    return i < 0 ? null : v[i + step] || null;
  }
  function setCurrent(card) {
    if (current) current.classList.remove("current");
    current = card;
    if (card) {
      card.classList.add("current");
      card.scrollIntoView({block: "nearest"});
    }
  }
  function move(step) {
    var v = visible();
    if (!v.length) return;
    var i = v.indexOf(current);
    i = i < 0 ? (step > 0 ? 0 : v.length - 1) : Math.min(v.length - 1, Math.max(0, i + step));
    setCurrent(v[i]);
  }

  $("filters").addEventListener("input", apply);
  $("filters").addEventListener("change", apply);
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  reviewerIn.addEventListener("change", function () { store("contradict-reviewer", reviewerIn.value.trim()); });

  document.querySelector("main").addEventListener("click", function (ev) {
    var card = ev.target.closest("article.finding");
    if (!card) return;
    var button = ev.target.closest("button[data-set]");
    if (button) setVerdict(card, button.dataset.set);
    else if (current !== card) setCurrent(card);
  });
  document.querySelector("main").addEventListener("change", function (ev) {
    if (!ev.target.matches("input.note")) return;
    var card = ev.target.closest("article.finding"), f = fresh[card.dataset.id];
    if (f) { f.note = ev.target.value.trim() || null; store(storeKey, fresh); }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var verdicts = {c: "confirmed", d: "dismissed", u: "update"};
    if (ev.key === "j") move(1);
    else if (ev.key === "k") move(-1);
    else if (verdicts[ev.key]) {
      if (current) setVerdict(current, verdicts[ev.key]);
      else move(1);  // nothing chosen yet: choose the first rather than judge one unseen
    } else if (ev.key === "/") searchIn.focus();
    else return;
    ev.preventDefault();
  });

  $("export").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([exportText()], {type: "application/x-ndjson"}));
    link.download = body.dataset.exportName;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  });

  cards.forEach(renderVerdict);
  updateExport();
  apply();
  // For scripted checks (scripts/check_report.py) and the curious: the page's state, read-only.
  window.contradictReport = {
    apply: apply, exportText: exportText,
    visibleCount: function () { return visible().length; },
    current: function () { return current && current.dataset.id; }
  };
})();
