/* The room-poll service's live page (aicollab.service): draws the charts with the vendored Vega
 * bundle and keeps the page current as answers arrive.
 *
 * The page's HTML is made and escaped by the service (aicollab/service/views.py); each chart's
 * Vega-Lite spec sits in a <script type="application/json" class="room-poll-spec"> block inside
 * its figure. Every few seconds the script asks the service's api/state whether anything changed;
 * when the answers changed it fetches the page's live part again (fragment) and redraws; when
 * the instructor showed or hid the room's answers it reloads the page. Each request carries the
 * page's XSRF token (data-xsrf), as JupyterHub requires of a signed-in fetch. Nothing is loaded from
 * another host; the page's Content-Security-Policy allows scripts from the service only.
 */
(function () {
  "use strict";
  var EVERY_MS = 4000;
  var live = document.getElementById("room-poll-live");
  var status = document.getElementById("room-poll-status");
  var stateUrl = document.body.getAttribute("data-refresh");
  if (!live || !stateUrl) { return; }
  var version = live.getAttribute("data-version");
  var revealed = live.getAttribute("data-revealed");
  // JupyterHub refuses a signed-in fetch (not a page navigation) without the page's XSRF token.
  var xsrf = live.getAttribute("data-xsrf") || "";

  function draw(root) {
    root.querySelectorAll("figure.room-poll-chart").forEach(function (figure) {
      var block = figure.querySelector("script.room-poll-spec");
      var target = figure.querySelector(".aicollab-vega");
      if (!block || !target) { return; }
      if (!window.vegaEmbed) {
        target.setAttribute("data-aicollab-error", "true");
        target.textContent = "The chart library did not load: reload the page.";
        return;
      }
      window.vegaEmbed(target, JSON.parse(block.textContent), { renderer: "svg", actions: false })
        .then(function () { target.setAttribute("data-aicollab-rendered", "true"); })
        .catch(function (error) {
          target.setAttribute("data-aicollab-error", "true");
          target.textContent = "The chart could not be drawn: " + error;
        });
    });
  }

  function say(message) {
    if (status && status.textContent !== message) { status.textContent = message; }
  }

  function refresh() {
    return fetch(live.getAttribute("data-fragment"), { credentials: "same-origin", headers: { "X-XSRFToken": xsrf } })
      .then(function (reply) {
        if (!reply.ok) { throw new Error("the service answered " + reply.status); }
        return reply.text();
      })
      .then(function (html) {
        live.innerHTML = html;  // made and escaped by the service; scripts in it do not run
        draw(live);
      });
  }

  function tick() {
    fetch(stateUrl, { credentials: "same-origin", headers: { Accept: "application/json", "X-XSRFToken": xsrf } })
      .then(function (reply) {
        if (reply.status === 403) { throw new Error("signed out: reload the page to sign in again"); }
        if (!reply.ok) { throw new Error("the service answered " + reply.status); }
        return reply.json();
      })
      .then(function (state) {
        var shown = state.revealed ? "yes" : "no";
        if (shown !== revealed) { window.location.reload(); return null; }
        if (state.version === version) { return null; }
        version = state.version;
        return refresh().then(function () {
          say("Updated at " + new Date().toLocaleTimeString() + ": " + state.learners + " learner(s) have sent answers.");
        });
      })
      .catch(function (error) { say("Not updated (" + error.message + "); trying again."); })
      .then(function () { window.setTimeout(tick, EVERY_MS); });
  }

  draw(live);
  window.setTimeout(tick, EVERY_MS);
})();
