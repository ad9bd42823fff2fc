/* Files the kit's kernel-free tools make in the browser: downloads and room-poll answers.
 *
 * One copy of what lesson 3's ranking form, lesson 4's weights button and lesson 6's term-sheet
 * form all need: a download made in the page (nothing is uploaded), and the room-poll file in
 * the format aicollab.poll reads (version 1: kit, version, submission_id, created, name,
 * weights, barrier_ranking, capstone). kit.js loads it with the script of each tool that
 * needs it; loading it twice is harmless.
 * API: window.aicollabFiles = {download(name, text, type), savePollAnswers(answers, poll)}.
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

  // Download an anonymous room-poll file; `answers` has any of weights, barrier_ranking,
  // capstone; `poll` is {kit, version} from Python. Returns the file's name.
  function savePollAnswers(answers, poll) {
    var id = newId();
    var doc = { kit: poll.kit, version: poll.version, submission_id: id, created: new Date().toISOString(),
      name: null, weights: answers.weights || {}, barrier_ranking: answers.barrier_ranking || [],
      capstone: answers.capstone || {} };
    var name = "room-poll-anonymous-" + id.slice(0, 8) + ".json";
    api.download(name, JSON.stringify(doc, null, 2) + "\n", "application/json");
    return name;
  }

  var api = { download: download, savePollAnswers: savePollAnswers };
  window.aicollabFiles = api;
})();
