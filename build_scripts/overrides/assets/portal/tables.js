// Material wraps each table in a box that scrolls sideways when the table is wider than the screen
// (a phone). A keyboard can scroll that box only if it takes focus (WCAG 2.1.1; axe:
// scrollable-region-focusable): each box that scrolls becomes a named region in the tab order, and
// leaves it again when it fits (a wider window).
const named = (wrap) => {
  let el = wrap;
  while ((el = el.previousElementSibling)) if (/^H[1-6]$/.test(el.tagName)) return `Table: ${el.textContent.trim()}`;
  return "Table";
};

function mark() {
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", named(wrap));
    } else {
      for (const a of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(a);
    }
  }
}

// Material's bundle runs first and wraps the tables when its document$ emits (each page it shows)
if (window.document$) window.document$.subscribe(mark); else mark();
addEventListener("resize", mark);
