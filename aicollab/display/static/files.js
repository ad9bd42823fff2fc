/* Files the kit's kernel-free tools make in the browser: downloads and room-poll answers.
 *
 * One copy of what lesson 3's ranking form, lesson 4's weights button and lesson 6's term-sheet
 * form all need: a download made in the page (nothing is uploaded), and the room-poll file in
 * the format aicollab.poll reads (version 1: kit, version, submission_id, created, name,
 * weights, barrier_ranking, capstone). kit.js loads it with the script of each tool that
 * needs it; loading it twice is harmless.
 *
 * On the workshop hub the room-poll service serves the book and puts a
 * <meta name="aicollab-room-poll"> element in each page (where to send, the XSRF token, the hub
 * name). There, and only there, the tools' room-poll buttons become "Send to the room" with a tick
 * box to show one's hub name, and answers are posted to the service (same origin); if it does not
 * answer, the file is downloaded as everywhere else, so nothing is lost.
 *
 * API: window.aicollabFiles = {download(name, text, type), roomPoll(), pollButton(button),
 *   savePollAnswers(answers, poll, options)}; options = {report(message, ok), button}.
 */
(function () {
  "use strict";
  if (window.aicollabFiles) { return; }

  function hex2(x) { return (x < 16 ? "0" : "") + x.toString(16); }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.from(b).map(hex2).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Hand `text` to the browser as a file called `name` (it goes to the downloads folder).
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type || "application/json" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  // The room poll of the workshop hub this page is served by, or null (see the header).
  function roomPoll() {
    var meta = document.querySelector('meta[name="aicollab-room-poll"]');
    if (!meta) { return null; }
    try {
      var cfg = JSON.parse(meta.getAttribute("content"));
      return cfg && typeof cfg.submit === "string" && cfg.submit.charAt(0) === "/" ? cfg : null;
    } catch (e) { return null; }
  }

  // On the hub: label a tool's room-poll button "Send to the room" and add the show-my-name box.
  function pollButton(button) {
    var room = roomPoll();
    if (!room || !button || button.getAttribute("data-aicollab-room")) { return room; }
    button.setAttribute("data-aicollab-room", "true");
    button.textContent = "Send to the room";
    var label = document.createElement("label");
    label.className = "aicollab-show-name";
    var box = document.createElement("input");
    box.type = "checkbox";
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Show my hub name (" + room.user + ") to the room"));
    button.insertAdjacentElement("afterend", label);
    button.aicollabShowName = box;
    return room;
  }

  // The service's XSRF token: its cookie as it is now (a sign-in in another tab renews it), else the page's.
  function xsrfToken(room) {
    var m = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : room.xsrf;
  }

  function pollDocument(answers, poll, name) {
    return { kit: poll.kit, version: poll.version, submission_id: newId(), created: new Date().toISOString(),
      name: name, weights: answers.weights || {}, barrier_ranking: answers.barrier_ranking || [],
      capstone: answers.capstone || {} };
  }

  function downloadPoll(doc) {
    var name = "room-poll-anonymous-" + doc.submission_id.slice(0, 8) + ".json";
    api.download(name, JSON.stringify(doc, null, 2) + "\n", "application/json");
    return name;
  }

  function downloaded(name) {
    return "Your browser is saving " + name + " to its downloads: hand the file to your instructor (nothing was sent).";
  }

  // Save `answers` (any of weights, barrier_ranking, capstone; `poll` is {kit, version} from
  // Python) for the room poll: sent to the room on the hub, else downloaded as an anonymous file.
  // options.report(message, ok) hears the outcome (later, when sending). Returns the file's name
  // when a file was downloaded, null when sending.
  function savePollAnswers(answers, poll, options) {
    var report = (options && options.report) || function () {};
    var room = roomPoll();
    if (!room) {
      var name = downloadPoll(pollDocument(answers, poll, null));
      report(downloaded(name), true);
      return name;
    }
    var button = options && options.button;
    var show = button && button.aicollabShowName && button.aicollabShowName.checked;
    var doc = pollDocument(answers, poll, show ? room.user : null);
    report("Sending your answers to the room...", true);
    function fallback(why) {
      var name = downloadPoll(doc);
      report(why + " Your browser is saving " + name + " to its downloads instead: hand the file to your "
        + "instructor, or reload the page and send again.", false);
    }
    fetch(room.submit, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-XSRFToken": xsrfToken(room) },
      body: JSON.stringify(doc)
    }).then(function (reply) {
      return reply.json().catch(function () { return {}; }).then(function (data) {
        var message = (data && data.message) || ("the room poll answered " + reply.status);
        if (reply.ok) { report(message, true); return; }
        if (reply.status === 400 || reply.status === 413) { report("Not sent: " + message, false); return; }
        fallback("Not sent (" + message + ").");
      });
    }).catch(function () { fallback("The room poll did not answer, so nothing was sent."); });
    return null;
  }

  var api = { download: download, roomPoll: roomPoll, pollButton: pollButton, savePollAnswers: savePollAnswers };
  window.aicollabFiles = api;
})();
