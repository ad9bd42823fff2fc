/* Accessibility repairs for markup the kit does not write itself (sphinx-book-theme 1.3 /
 * pydata-sphinx-theme 0.17 templates, docutils' bibliography). Each was reported by axe-core
 * in the browser suite (tests/e2e/test_book_a11y.py); remove a repair once the upstream
 * markup is fixed and the suite stays green without it. Loaded on every page (html_js_files).
 */
(function () {
  "use strict";
  function repair() {
    // 1. axe "label-content-name-mismatch" (WCAG 2.5.3 Label in Name, serious): the search
    //    buttons show "Search Ctrl+K" but are named "Search" by aria-label. Without the
    //    aria-label their name is their visible text, which is what speech-input users say.
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    // 2. Same rule on the colour-mode button: its three icons carry title="Light"/"Dark"/
    //    "System Settings" (Font Awesome turns them into <svg role="img"><title>), which count
    //    as the button's text, while the button is named "Color mode". The icons are
    //    decoration; the button keeps its name and its tooltip. Handles both the <i> and, when
    //    Font Awesome's deferred script ran first, the <svg> form.
    document.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      if (icon.getAttribute("role") === "img") { icon.removeAttribute("role"); }
      icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
      icon.setAttribute("aria-hidden", "true");
    });
    // 3. axe "aria-required-children" (critical) and "aria-deprecated-role" (minor) on the
    //    references page: docutils writes <div role="list"> whose entries have the deprecated
    //    role doc-biblioentry, so the list has no list items.
    document.querySelectorAll('.citation-list[role="list"] > [role="doc-biblioentry"]').forEach(function (entry) {
      entry.setAttribute("role", "listitem");
    });
    // 4. axe "label-content-name-mismatch" again: myst-nb's hidden-cell toggles
    //    (<summary aria-label="Toggle hidden content">Show code cell source</summary>) and
    //    sphinx-togglebutton's buttons are named "Toggle hidden content" but show other text.
    //    Where there is visible text, let it be the name.
    document.querySelectorAll('[aria-label="Toggle hidden content"]').forEach(function (el) {
      if ((el.textContent || "").trim()) { el.removeAttribute("aria-label"); }
    });
    // 5. axe "summary-name" (serious): the sidebar's expand/collapse toggles for a chapter
    //    with sections are <summary> elements holding only an icon, so they have no name.
    document.querySelectorAll(".bd-sidenav li.has-children > details > summary").forEach(function (summary) {
      if (summary.getAttribute("aria-label") || (summary.textContent || "").trim()) { return; }
      var link = summary.closest("li").querySelector(":scope > a");
      summary.setAttribute("aria-label", "Sections of " + (link ? link.textContent.trim() : "this chapter"));
    });
    // 6. axe "region" (moderate): the theme puts the book's title link (top of the left sidebar)
    //    outside every landmark. It is the way home, so name it as a small navigation region.
    document.querySelectorAll(".sidebar-primary-items__start > .sidebar-primary-item").forEach(function (item) {
      if (item.querySelector("a.navbar-brand") && !item.closest("nav, [role=navigation]")) {
        item.setAttribute("role", "navigation");
        item.setAttribute("aria-label", "Book home");
      }
    });
    // 7. axe "empty-table-header" (minor): pandas writes an empty <th> in the corner of a table's
    //    header (above the row labels, or where a column level has no name). That cell heads
    //    nothing, so it becomes an ordinary empty cell.
    document.querySelectorAll(".cell_output table thead th").forEach(function (th) {
      if ((th.textContent || "").trim() || th.getAttribute("aria-label")) { return; }
      var td = document.createElement("td");
      Array.prototype.forEach.call(th.attributes, function (a) { td.setAttribute(a.name, a.value); });
      th.replaceWith(td);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
  // Some theme scripts add their buttons on DOMContentLoaded too; repair again once loaded.
  window.addEventListener("load", repair);
})();
