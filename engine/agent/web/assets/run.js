// The run page follows a run that has not finished: its log lines arrive
// as server-sent events from /runs/ID/events and are appended as they come;
// the outcome badge follows the run; when it ends, the plan it made and
// its final metadata are fetched and swapped in (the log stays as it
// arrived).
(function () {
  "use strict";
  var section = document.getElementById("run");
  var log = document.getElementById("log");
  if (!section || !log || section.dataset.final === "true" || !window.EventSource) {
    return;
  }
  var live = document.getElementById("log-live");
  var shown = log.querySelectorAll("li.log-entry").length;
  var source = new EventSource("/runs/" + section.dataset.runId + "/events?from=" + shown);
  live.hidden = false;

  function when(iso) {
    return iso ? iso.replace("T", " ").slice(0, 19) + " UTC" : "—";
  }

  source.addEventListener("log", function (e) {
    var entry = JSON.parse(e.data);
    var empty = log.querySelector("li.log-empty");
    if (empty) {
      empty.remove();
    }
    var li = document.createElement("li");
    li.className = "log-entry log-" + entry.level + " log-streamed";
    var time = document.createElement("time");
    time.textContent = when(entry.time);
    li.appendChild(time);
    li.appendChild(document.createTextNode(" " + entry.message));
    log.appendChild(li);
    if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 80) {
      li.scrollIntoView({block: "end"});
    }
  });

  function showRun(e) {
    var run = JSON.parse(e.data);
    section.dataset.outcome = run.outcome;
    var badge = document.querySelector("#run-outcome .outcome");
    if (badge) {
      badge.className = "outcome outcome-" + run.outcome;
      badge.textContent = run.outcome;
    }
  }
  source.addEventListener("run", showRun);

  // refresh replaces the plan area and the run's metadata with the
  // finished run's.
  function refresh() {
    fetch(window.location.pathname, {credentials: "same-origin"}).then(function (resp) {
      return resp.ok ? resp.text() : Promise.reject(resp.status);
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      ["plan-area", "run-meta"].forEach(function (id) {
        var fresh = doc.getElementById(id), old = document.getElementById(id);
        if (fresh && old) {
          old.replaceWith(document.adoptNode(fresh));
        }
      });
      section.dataset.hasPlan = doc.getElementById("run").dataset.hasPlan;
      section.dataset.refreshed = "true";
      if (window.trueupGraph) {
        window.trueupGraph();
      }
    }).catch(function () {
      section.dataset.refreshed = "failed";
    });
  }
  source.addEventListener("end", function (e) {
    showRun(e);
    source.close();
    section.dataset.final = "true";
    live.textContent = "ended";
    live.className = "live ended";
    refresh();
  });
})();
