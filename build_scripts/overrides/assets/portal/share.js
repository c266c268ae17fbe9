// Share links: "Copy link" puts the page's own address (its canonical URL) on the clipboard and says
// so; where the system has a share sheet (phones), a button opens it too. The other links are plain
// URLs that need no script. The talent snapshot's "Print" button prints the page.
// A classic script in a block, not a module: Chromium runs no module from disk (the offline copy).
{
  const url = document.querySelector('link[rel="canonical"]')?.href || location.href;

  for (const copy of document.querySelectorAll("[data-tp-copy]")) {
    const status = copy.nextElementSibling;
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = "Copied ✓";
        status.textContent = "Link copied.";
      } catch {
        status.textContent = `Copy this link: ${url}`;
      }
    });
    if (navigator.share && matchMedia("(pointer: coarse)").matches) {
      const more = Object.assign(document.createElement("button"), { type: "button", textContent: "More apps…" });
      more.addEventListener("click", () => navigator.share({ title: document.title, url }).catch(() => {}));
      copy.after(" ", more);
    }
  }

  document.querySelector("[data-tp-print]")?.addEventListener("click", () => print());
}
