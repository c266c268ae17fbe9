"""The sample partners' logos: invented marks drawn with Pillow, saved as PNGs holding pixels only.

The sample partners themselves are hand-written files in partners/ (synthetic: true). Their logos
come from here, so that none is a real organisation's: rewrite them with

    python -m build_scripts.synth_partners partners/logos
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# id: (canvas size, background (None: transparent), mark colour, text colour, word, mark)
SAMPLE_LOGOS = {
    "nordlicht-translations": ((480, 160), None, (0, 150, 136), (13, 42, 84), "NORDLICHT", "waves"),
    "cedar-pixel": ((480, 160), None, (46, 125, 50), (33, 33, 33), "Cedar&Pixel", "tree"),
    "bluewave-cloud": ((240, 240), (255, 255, 255), (21, 101, 192), (21, 101, 192), "bluewave", "wave"),
    "sahel-data": ((600, 120), None, (230, 120, 20), (62, 39, 35), "SAHEL DATA", "bars"),
    "orchard-helpdesk": ((480, 160), None, (198, 40, 40), (27, 94, 32), "orchard", "apple"),
    "kettle-key": ((470, 160), (250, 246, 238), (94, 53, 177), (49, 27, 146), "Kettle&Key", "key"),
}


def _mark(draw: ImageDraw.ImageDraw, kind: str, box: tuple[int, int, int, int], colour) -> None:
    """A simple invented mark in the box (left, top, right, bottom)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if kind == "waves":
        for i in range(3):
            draw.arc((x0, y0 + i * h // 6, x1, y1 + i * h // 6), 200, 340, fill=colour, width=max(4, h // 12))
    elif kind == "tree":
        draw.polygon([(x0 + w // 2, y0), (x1, y1 - h // 5), (x0, y1 - h // 5)], fill=colour)
        for i in range(3):
            draw.rectangle((x0 + i * w // 3, y1 - h // 6, x0 + i * w // 3 + w // 5, y1), fill=colour)
    elif kind == "wave":
        draw.ellipse(box, fill=colour)
        draw.arc((x0 + w // 6, y0 + h // 3, x1 - w // 6, y1 - h // 8), 180, 360, fill=(255, 255, 255), width=max(6, h // 10))
    elif kind == "bars":
        draw.ellipse((x0, y0, x0 + h, y1), fill=colour)
        for i, frac in enumerate((0.5, 0.8, 0.35)):
            left = x0 + h + 10 + i * (w - h - 10) // 3
            draw.rectangle((left, y1 - int(h * frac), left + (w - h - 10) // 4, y1), fill=colour)
    elif kind == "apple":
        draw.ellipse((x0, y0 + h // 5, x1, y1), fill=colour)
        draw.ellipse((x0 + w // 2, y0, x0 + w // 2 + w // 3, y0 + h // 4), fill=(46, 125, 50))
    else:                                        # a key
        draw.rounded_rectangle(box, radius=w // 6, fill=colour)
        draw.ellipse((x0 + w // 5, y0 + h // 5, x0 + w // 2, y0 + h // 2), fill=(255, 255, 255))
        draw.rectangle((x0 + w // 3, y0 + h // 2 - 2, x0 + w // 3 + w // 12, y1 - h // 6), fill=(255, 255, 255))


def sample_logo(pid: str) -> bytes:
    """One sample partner's logo as PNG bytes: a mark, and its word beside or under it."""
    (width, height), background, colour, ink, word, mark = SAMPLE_LOGOS[pid]
    im = Image.new("RGBA", (width, height), background + (255,) if background else (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    if width <= height:                          # square: the mark above the word
        _mark(draw, mark, (width // 4, 20, 3 * width // 4, height // 2 + 30), colour)
        font = ImageFont.load_default(size=height // 7)
        draw.text((width // 2, height - 20), word, font=font, fill=ink, anchor="ms")
    else:                                        # wide: the mark left of the word
        side = height - 40
        _mark(draw, mark, (20, 20, 20 + (side * 2 if mark == "bars" else side), 20 + side), colour)
        font = ImageFont.load_default(size=height // 3 if width / height < 4 else height // 2)
        left = 40 + (side * 2 if mark == "bars" else side)
        draw.text((left, height // 2), word, font=font, fill=ink, anchor="lm")
    out = io.BytesIO()
    (im if background is None else im.convert("RGB")).save(out, "PNG", optimize=True)
    return out.getvalue()


def write_sample_logos(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for pid in SAMPLE_LOGOS:
        path = folder / f"{pid}.png"
        path.write_bytes(sample_logo(pid))
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m build_scripts.synth_partners FOLDER")
    for path in write_sample_logos(Path(sys.argv[1])):
        print(f"Wrote {path}")
