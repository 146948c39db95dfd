"""The HTML report's stylesheet and script, inlined into every page (no network)."""
CSS = """
:root{--ink:#1d2330;--muted:#5b6472;--line:#dde1e8;--bg:#f6f7f9;--paper:#fff;
--error:#c62828;--error-bg:#fde3e1;--warning:#b26a00;--warning-bg:#fff0c7;--info:#1565c0;--info-bg:#e1edfb;
--focus:#6a3fd0;--ui:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--read:Charter,"Bitstream Charter","Iowan Old Style",Georgia,Cambria,"Times New Roman",serif;
--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html{scroll-padding-top:4.5rem}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 var(--ui)}
header.top{background:#232a38;color:#fff;padding:1rem 1.5rem .9rem}
header.top h1{margin:0;font-size:1.35rem;font-weight:650;letter-spacing:.01em}
.headline{margin:.2rem 0 0;color:#cfd6e2}
#filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center;
padding:.55rem 1.5rem;background:rgba(255,255,255,.97);border-bottom:1px solid var(--line);
box-shadow:0 1px 3px rgba(0,0,0,.06)}
#filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:center}
#filters legend{float:left;margin-right:.3rem;font-weight:600;color:var(--muted);font-size:.8rem;
text-transform:uppercase;letter-spacing:.05em}
#filters label{display:inline-flex;align-items:center;gap:.3rem;padding:.12rem .55rem;border:1px solid var(--line);
border-radius:999px;background:#fff;cursor:pointer;user-select:none;font-size:.9rem}
#filters label:has(input:not(:checked)){opacity:.55;text-decoration:line-through}
#filters input{margin:0;accent-color:#3b4a66}
#filters .count{color:var(--muted);font-size:.8rem}
#filters label.sev-error{border-color:var(--error)}#filters label.sev-warning{border-color:var(--warning)}
#filters label.sev-info{border-color:var(--info)}
#shown{margin-left:auto;color:var(--muted);font-size:.9rem}
main{padding:1rem 1.5rem 2rem;max-width:1500px;margin:0 auto}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
h3{font-size:.95rem;margin:.4rem 0;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
section#summary h2{margin-top:.4rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;min-width:7.5rem;
display:flex;flex-direction:column}
.card .num{font-size:1.6rem;font-weight:650;line-height:1.2}
.card .what{color:var(--muted);font-size:.85rem}
.card-error .num{color:var(--error)}.card-warning .num{color:var(--warning)}.card-info .num{color:var(--info)}
.card-problems .num{color:var(--muted)}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem 2rem;margin-top:1rem}
table{border-collapse:collapse;width:100%;background:var(--paper);border:1px solid var(--line);border-radius:8px}
th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid var(--line);vertical-align:middle}
thead th{font-size:.8rem;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.path a{color:inherit}
tr.clean td{color:var(--muted)}tr.problem td{color:var(--error)}
svg.bar{display:block}svg.bar .track{fill:#eef0f4}
.fill-error{fill:var(--error);background:var(--error)}.fill-warning{fill:#e0a100;background:#e0a100}
.fill-info{fill:var(--info);background:var(--info)}
.legend{color:var(--muted);font-size:.85rem}
.legend .key{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin:0 .25rem 0 .6rem;
vertical-align:-.05em}
#problems ul,#notes ul{background:var(--paper);border:1px solid var(--line);border-radius:8px;margin:0;
padding:.5rem 1rem .5rem 2rem}
#problems li,#notes li{margin:.2rem 0}
.path{font-family:var(--mono);font-size:.9em}
.badge{display:inline-block;font-size:.72rem;font-weight:650;text-transform:uppercase;letter-spacing:.04em;
padding:0 .4rem;border-radius:4px;color:#fff;vertical-align:.08em}
.badge.sev-error{background:var(--error)}.badge.sev-warning{background:#c47a00}.badge.sev-info{background:var(--info)}
.articles-title{margin-top:2rem}
.article{background:var(--paper);border:1px solid var(--line);border-radius:10px;margin:0 0 1.4rem;
padding:.2rem 1.2rem 1.2rem}
.article h2{display:flex;flex-wrap:wrap;align-items:baseline;gap:.3rem .7rem;margin:.9rem 0 .6rem}
.article h2 .sub{color:var(--muted);font-weight:400;font-size:.9rem}
.article h2 .shown{margin-left:auto;color:var(--muted);font-weight:400;font-size:.85rem}
.note-line{margin:0 0 .6rem;color:var(--muted);font-size:.88rem}
.article-body{display:grid;grid-template-columns:minmax(0,3fr) minmax(19rem,2fr);gap:1.4rem;align-items:start}
.article-body.no-text{grid-template-columns:minmax(0,1fr)}
@media (max-width:900px){.article-body{grid-template-columns:minmax(0,1fr)}}
.text{font:17px/1.65 var(--read);white-space:pre-wrap;overflow-wrap:anywhere;max-width:75ch}
.text .ln{min-height:1.65em;margin-bottom:.2em}
.text:not(.numbered) .ln{margin-bottom:.65em}
.text.numbered .ln{position:relative;padding-left:3.2em}
.text.numbered .ln::before{content:attr(data-n);position:absolute;left:0;width:2.4em;text-align:right;
color:#a3aab6;font:12px/2.3 var(--mono);user-select:none}
mark.hl{background:none;color:inherit;border-radius:2px;cursor:pointer;padding:0 .05em;
border-bottom:2px solid transparent}
mark.hl.sev-error{background:var(--error-bg);border-bottom-color:var(--error)}
mark.hl.sev-warning{background:var(--warning-bg);border-bottom-color:#e0a100}
mark.hl.sev-info{background:var(--info-bg);border-bottom-color:var(--info)}
mark.hl.multi{border-bottom-style:double;border-bottom-width:3px}
mark.hl.point::after{content:"\\2038";font-weight:700}
mark.hl.eol::after{content:"\\21b5";color:var(--muted);font-size:.8em}
mark.hl.off{background:none;border-bottom-color:transparent;cursor:auto}
mark.hl.off.point::after,mark.hl.off.eol::after{content:none}
mark.hl:focus{outline:none}
mark.hl.focus:not(.off),mark.hl:focus-visible:not(.off){outline:2px solid var(--focus);outline-offset:1px}
ol.findings{list-style:none;margin:0;padding:0;position:sticky;top:3.6rem;max-height:calc(100vh - 4.6rem);
overflow:auto}
li.finding{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;margin:0 0 .45rem;
background:#fff}
li.finding[hidden]{display:none!important}
li.finding.sev-error{border-left-color:var(--error)}li.finding.sev-warning{border-left-color:#e0a100}
li.finding.sev-info{border-left-color:var(--info)}
li.finding.active{box-shadow:0 0 0 2px var(--focus)}
li.finding summary{cursor:pointer;padding:.35rem .6rem;display:flex;flex-wrap:wrap;gap:.25rem .45rem;
align-items:baseline;list-style:none}
li.finding summary::-webkit-details-marker{display:none}
li.finding summary::before{content:"\\25b8";color:var(--muted);font-size:.8em}
li.finding details[open] summary::before{content:"\\25be"}
li.finding .code{font-family:var(--mono);font-size:.82rem;color:var(--muted)}
li.finding q.matched{font-family:var(--read);font-size:1rem;quotes:"\\201c" "\\201d"}
li.finding .arrow{color:var(--muted)}
li.finding .loc{margin-left:auto;font-family:var(--mono);font-size:.8rem;color:var(--muted)}
.del{color:var(--error);font-style:italic}
.note{padding:.1rem .8rem .6rem 1.6rem;border-top:1px dashed var(--line)}
.note .message{margin:.4rem 0}
.note .label{margin:.5rem 0 .15rem;font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;
color:var(--muted)}
.note ol,.note ul{margin:0;padding-left:1.3rem}
.note .conf{color:var(--muted);font-size:.85rem;margin-left:.3rem}
.note .meta{margin:.6rem 0 0;color:var(--muted);font-size:.8rem}
.empty{color:var(--muted)}
footer{max-width:1500px;margin:0 auto;padding:0 1.5rem 2rem;color:var(--muted);font-size:.85rem}
footer table{width:auto}footer th{font-weight:500}
"""

JS = """
(function () {
  "use strict";
  var RANK = {error: 3, warning: 2, info: 1};
  var NAME = {3: "error", 2: "warning", 1: "info"};
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var byId = {};
  items.forEach(function (li) { byId[li.id] = li; });
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[type=checkbox]"));
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  function shownIds(mark) {
    return mark.getAttribute("data-f").split(" ").filter(function (id) {
      return byId[id] && !byId[id].hidden;
    });
  }
  function apply() {
    var off = {kind: {}, severity: {}};
    boxes.forEach(function (b) { if (!b.checked) off[b.getAttribute("data-filter")][b.value] = true; });
    var shown = 0;
    items.forEach(function (li) {
      var hide = !!(off.kind[li.getAttribute("data-kind")] || off.severity[li.getAttribute("data-severity")]);
      li.hidden = hide;
      if (!hide) shown += 1;
    });
    marks.forEach(function (m) {
      var ids = shownIds(m), best = 0;
      ids.forEach(function (id) { best = Math.max(best, RANK[byId[id].getAttribute("data-severity")]); });
      ["error", "warning", "info"].forEach(function (s) { m.classList.toggle("sev-" + s, NAME[best] === s); });
      m.classList.toggle("off", best === 0);
      m.classList.toggle("multi", ids.length > 1);
      if (ids.length) {
        m.title = ids.map(function (id) { return byId[id].getAttribute("data-tip"); }).join("\\n\\n");
        m.tabIndex = 0;
      } else {
        m.removeAttribute("title");
        m.tabIndex = -1;
      }
    });
    document.querySelectorAll("section.article").forEach(function (sec) {
      var all = sec.querySelectorAll("li.finding"), n = 0;
      all.forEach(function (li) { if (!li.hidden) n += 1; });
      sec.querySelector("output.shown").textContent = n + " shown";
    });
    document.getElementById("shown").textContent = shown + " of " + plural(items.length, "finding") + " shown";
  }
  function focusMarks(id, on) {
    document.querySelectorAll('mark.hl[data-f~="' + id + '"]').forEach(function (m) {
      m.classList.toggle("focus", on);
    });
  }
  function openFrom(mark) {
    var ids = shownIds(mark);
    if (!ids.length) return;
    items.forEach(function (li) { li.classList.remove("active"); });
    ids.forEach(function (id) {
      var li = byId[id];
      li.classList.add("active");
      li.querySelector("details").open = true;
    });
    byId[ids[0]].scrollIntoView({block: "nearest"});
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (m) openFrom(m);
  });
  document.addEventListener("keydown", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openFrom(m); }
  });
  items.forEach(function (li) {
    var d = li.querySelector("details");
    d.addEventListener("toggle", function () {
      focusMarks(li.id, d.open);
      if (!d.open) li.classList.remove("active");
    });
    li.querySelector("summary").addEventListener("click", function () {
      if (d.open) return;
      var m = document.querySelector('mark.hl[data-f~="' + li.id + '"]');
      if (m) m.scrollIntoView({block: "nearest"});
    });
  });
  apply();
})();
"""
