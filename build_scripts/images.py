"""Photos: re-encoded from pixels only, so no EXIF, XMP or GPS survives; resized to what pages show.

Only render calls this, and only for profiles whose photo consent select() kept.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

Image.MAX_IMAGE_PIXELS = 40_000_000   # larger is a decompression bomb, not a portrait
SIZE = 320                            # CSS pixels on the profile page are 160: 2x for sharp screens
MAX_SOURCE_BYTES = 8 * 1024 * 1024


class PhotoError(Exception):
    """A photo that cannot be published: the profile is published without it."""


def portrait(source: Path, size: int = SIZE) -> Image.Image:
    """A square, upright, metadata-free RGB image of the source."""
    if source.stat().st_size > MAX_SOURCE_BYTES:
        raise PhotoError(f"{source.name} is larger than {MAX_SOURCE_BYTES // 2**20} MiB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as im:
                im = ImageOps.exif_transpose(im)           # apply the camera's orientation, then drop it
                im = ImageOps.fit(im.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoError(f"{source.name} cannot be read as an image ({type(e).__name__})") from e
    return Image.frombytes("RGB", im.size, im.tobytes())   # pixels only: no info dict, no EXIF, no ICC


def write_photo(source: Path, target_dir: Path, size: int = SIZE) -> dict:
    """photo.webp and photo.jpg in target_dir; returns what the template needs."""
    im = portrait(source, size)
    target_dir.mkdir(parents=True, exist_ok=True)
    im.save(target_dir / "photo.webp", "WEBP", quality=78, method=6)
    im.save(target_dir / "photo.jpg", "JPEG", quality=80, optimize=True, progressive=True)
    return {"webp": "photo.webp", "jpg": "photo.jpg", "width": size // 2, "height": size // 2}


def synthetic_photo(seed: int, gps: bool = True) -> bytes:
    """An abstract avatar (not a face) carrying camera and GPS metadata, as a phone photo would."""
    import random

    from PIL import ImageDraw

    rng = random.Random(seed)
    im = Image.new("RGB", (640, 480), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x, y, r = rng.randrange(640), rng.randrange(480), rng.randrange(40, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    exif[0x010F] = "SYNTHETIC-CAMERA"          # Make
    exif[0x0110] = "Sample Phone"              # Model
    exif[0x0112] = 6                           # Orientation: rotate 90 degrees
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 57.0, 7.0), 3: "E", 4: (35.0, 55.0, 42.0)}   # GPSInfo: Amman
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), quality=85)
    return buf.getvalue()


def share_card(title: str, tagline: str, target: Path) -> None:
    """The 1200x630 preview image link previews show (Open Graph), with the programme's name."""
    from PIL import ImageDraw, ImageFont

    im = Image.new("RGB", (1200, 630), (0, 105, 92))
    draw = ImageDraw.Draw(im)
    big, small = ImageFont.load_default(size=72), ImageFont.load_default(size=34)
    draw.text((80, 200), title, font=big, fill=(255, 255, 255))
    words, lines, line = tagline.split(), [], ""
    for w in words:                      # wrap the tagline to the card's width
        if draw.textlength(f"{line} {w}".strip(), font=small) > 1040:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    for i, text in enumerate(lines[:4]):
        draw.text((80, 320 + i * 48), text, font=small, fill=(224, 242, 241))
    target.parent.mkdir(parents=True, exist_ok=True)
    im.save(target, "PNG", optimize=True)
