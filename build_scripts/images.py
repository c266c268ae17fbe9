"""Photos: what a profile's photo file may hold, and the copies the site publishes.

A photo is read only as JPEG, PNG or WebP, judged by its content whatever its name says, and
never through a symbolic link. inspect() decodes the picture (a file that opens but cannot be
decoded is not a photo) and walks the file's structure, naming any hidden information in it (EXIF,
GPS, XMP, IPTC, comments, thumbnails, device details, extra pictures, segments or chunks longer
than their fields) without reading it out; clean() rewrites such a file from its pixels. The build
publishes only copies re-encoded from pixels (write_photo), whatever the source holds.

What no structure shows is left: bytes hidden in the compressed picture data itself (a JPEG's
scan, a PNG's IDAT, a WebP bitstream) decode as part of the picture. Only clean() removes those.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

Image.MAX_IMAGE_PIXELS = 40_000_000   # larger is a decompression bomb, not a portrait
SIZE = 320                            # CSS pixels on the profile page are 160: 2x for sharp screens
MAX_SOURCE_BYTES = 8 * 1024 * 1024
FORMATS = ("JPEG", "PNG", "WEBP")     # the only readers Pillow may use here (its EPS reader starts Ghostscript)
_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


class PhotoError(Exception):
    """A photo that cannot be used; `reason` says why without naming the file."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name} {reason}")
        self.reason = reason


@dataclass(frozen=True)
class PhotoFile:
    format: str                       # JPEG, PNG or WEBP, by content
    metadata: tuple[str, ...]         # the kinds of hidden information found, never their values


def read_photo(path: Path) -> bytes:
    """The file's bytes, read from the file itself (not through a link), at most MAX_SOURCE_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        reason = "is a symbolic link, not a photo" if e.errno == errno.ELOOP else f"cannot be opened ({e.strerror})"
        raise PhotoError(path.name, reason) from e
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise PhotoError(path.name, "is not a file")
        data = f.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise PhotoError(path.name, f"is larger than {MAX_SOURCE_BYTES // 2**20} MB")
    return data


def linked_part(root: Path, relative: str) -> str | None:
    """The first of root/relative's folders, or the file itself, that is a symbolic link (as written), if any."""
    parts = PurePosixPath(relative).parts
    for i in range(1, len(parts) + 1):
        part = "/".join(parts[:i])
        try:
            if stat.S_ISLNK(os.lstat(root / part).st_mode):
                return part
        except FileNotFoundError:
            return None
    return None


@contextlib.contextmanager
def _refusing_bombs():
    """While Pillow reads a photo, its decompression-bomb warning is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open(data: bytes, name: str) -> Image.Image:
    """Pillow on these bytes as JPEG, PNG or WebP only (inside _refusing_bombs)."""
    try:
        return Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.UnidentifiedImageError as e:
        raise PhotoError(name, "is not a JPEG, PNG or WebP image") from e
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoError(name, f"cannot be read as an image ({type(e).__name__})") from e


def inspect(path: Path) -> PhotoFile:
    """The photo's format and the hidden information it holds; PhotoError if it is not a usable photo."""
    return inspect_bytes(read_photo(path), path.name)


def inspect_bytes(data: bytes, name: str = "photo") -> PhotoFile:
    with _refusing_bombs(), _open(data, name) as im:
        fmt = "JPEG" if im.format == "MPO" else im.format         # MPO: a JPEG with more pictures after it
        try:
            im.load()                                              # a file that opens may still not decode
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as e:
            raise PhotoError(name, f"cannot be read as a {_NAMES[fmt]} image (its picture data is damaged)") from e
    try:
        kinds = _WALKERS[fmt](data)
    except _Damaged as e:
        raise PhotoError(name, f"cannot be read as a {_NAMES[fmt]} image (the file is damaged)") from e
    return PhotoFile(fmt, tuple(dict.fromkeys(kinds)))


# --- what a file holds besides its picture -------------------------------------------------------------
# Each walker lists the kinds of extra data in one format; anything not known to be picture or colour is named.

class _Damaged(Exception):
    pass


def _exif_kinds(payload: bytes) -> list[str]:
    exif = Image.Exif()
    try:
        exif.load(payload)
        gps = 0x8825 in exif            # GPSInfo
    except Exception:                   # an EXIF block Pillow cannot parse is still EXIF
        gps = False
    return ["GPS location", "EXIF"] if gps else ["EXIF"]


# ICC tags that only describe colours; others (dmnd, dmdd, mmod, targ, meta...) name devices or carry data.
_ICC_COLOUR_TAGS = frozenset(t.encode() for t in (
    "desc", "dscm", "cprt", "wtpt", "bkpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC", "kTRC", "chad",
    "chrm", "lumi", "meas", "tech", "view", "vued", "gamt", "cicp", "A2B0", "A2B1", "A2B2", "B2A0", "B2A1",
    "B2A2", "D2B0", "D2B1", "D2B2", "D2B3", "B2D0", "B2D1", "B2D2", "B2D3"))


def _icc_kinds(icc: bytes | None) -> list[str]:
    if icc is None or len(icc) < 132:
        return ["other data"]
    count = int.from_bytes(icc[128:132], "big")
    if 132 + 12 * count > len(icc):
        return ["other data"]
    tags = {icc[132 + 12 * i:136 + 12 * i] for i in range(count)}
    return [] if tags <= _ICC_COLOUR_TAGS else ["device details in the colour profile"]


def _jpeg_segment(marker: int, seg: bytes, icc: list) -> list[str]:
    if marker == 0xE0:
        return _jpeg_app0(seg)
    if marker == 0xE1:
        return _jpeg_app1(seg)
    if marker == 0xE2:
        return _jpeg_app2(seg, icc)
    if marker == 0xED:
        return ["IPTC"]
    if marker == 0xEE and seg[:5] == b"Adobe" and len(seg) == 12:   # APP14: the colour transform flag
        return []
    if marker == 0xFE:
        return ["a comment"]
    if marker in (0xDC, 0xDD) and len(seg) != 2:                # DNL and DRI hold two bytes; decoders skip the rest
        return ["other data"]
    if 0xC0 <= marker <= 0xCF or marker in (0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF):   # frames, tables, scans
        return []
    return ["other data"]


# APP0: JFIF without a thumbnail is plain
def _jpeg_app0(seg: bytes) -> list[str]:
    if seg[:5] == b"JFIF\0" and len(seg) >= 14:
        thumbnail = 3 * seg[12] * seg[13]                      # width x height RGB pixels after the header
        return (["a thumbnail"] if thumbnail else []) + (["other data"] if len(seg) != 14 + thumbnail else [])
    return ["a thumbnail"] if seg[:5] == b"JFXX\0" else ["other data"]


# APP1: EXIF or XMP
def _jpeg_app1(seg: bytes) -> list[str]:
    if seg[:6] == b"Exif\0\0":
        return _exif_kinds(seg[6:])
    return ["XMP"] if seg.startswith(b"http://ns.adobe.com/") else ["other data"]


# APP2: a part of the ICC profile (kept in icc as (sequence number, bytes)), or more pictures (MPF)
def _jpeg_app2(seg: bytes, icc: list) -> list[str]:
    if seg[:12] == b"ICC_PROFILE\0" and len(seg) >= 14:      # a profile may span several segments
        icc.append((seg[12], seg[14:]))
        return []
    return ["a second picture"] if seg[:4] == b"MPF\0" else ["other data"]


def _jpeg_kinds(data: bytes) -> list[str]:
    if data[:2] != b"\xff\xd8":
        raise _Damaged
    kinds, icc, pos, end = [], [], 2, len(data)
    while True:
        marker, pos = _jpeg_marker(data, pos)
        if marker == 0xD9:                                       # end of image
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:             # markers without a length
            continue
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > end:
            raise _Damaged
        kinds += _jpeg_segment(marker, data[pos + 2:pos + length], icc)
        pos += length
        if marker == 0xDA:
            pos = _jpeg_scan_end(data, pos)
    if pos < end:
        kinds.append("data after the end of the image")
    if icc:
        kinds += _icc_kinds(b"".join(part for _, part in sorted(icc)))
    return kinds


# the marker at pos (after any fill bytes), and the position after it
def _jpeg_marker(data: bytes, pos: int) -> tuple[int, int]:
    end = len(data)
    if pos >= end or data[pos] != 0xFF:
        raise _Damaged
    while pos < end and data[pos] == 0xFF:                       # fill bytes
        pos += 1
    if pos >= end:
        raise _Damaged
    return data[pos], pos + 1


# scan data runs to the next real marker: the position of its 0xFF
def _jpeg_scan_end(data: bytes, pos: int) -> int:
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise _Damaged
        if not (data[pos + 1] == 0x00 or 0xD0 <= data[pos + 1] <= 0xD7):   # not a stuffed 0xFF nor a restart
            return pos
        pos += 2


_PNG_PLAIN = frozenset(t.encode() for t in (
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "pHYs", "sBIT", "bKGD", "cICP", "mDCV", "cLLI"))
# The lengths the specification gives these chunks' fields; a decoder reads the fields and skips the rest.
_PNG_LENGTHS = {b"IHDR": {13}, b"gAMA": {4}, b"cHRM": {32}, b"sRGB": {1}, b"pHYs": {9}, b"sBIT": {1, 2, 3, 4},
                b"bKGD": {1, 2, 6}, b"cICP": {4}, b"mDCV": {24}, b"cLLI": {8}}


def _inflate(data: bytes, limit: int = 4 * 2**20) -> bytes | None:
    try:
        z = zlib.decompressobj()
        out = z.decompress(data, limit)
    except zlib.error:
        return None
    return None if z.unconsumed_tail else out


def _png_kinds(data: bytes) -> list[str]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise _Damaged
    kinds, pos = [], 8
    while True:
        if pos + 12 > len(data):
            raise _Damaged
        length, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise _Damaged
        pos += 12 + length
        if kind == b"IEND":
            break
        kinds += _png_chunk(kind, body)
    if pos < len(data):
        kinds.append("data after the end of the image")
    return kinds


# what one PNG chunk holds besides the picture: nothing for a plain chunk of the right length
def _png_chunk(kind: bytes, body: bytes) -> list[str]:
    if kind in _PNG_PLAIN:
        odd = len(body) not in _PNG_LENGTHS.get(kind, (len(body),)) or kind == b"PLTE" and len(body) % 3
        return ["other data"] if odd else []
    if kind == b"eXIf":
        return _exif_kinds(body)
    if kind == b"iCCP":                                          # name, 0, method, zlib data
        return _icc_kinds(_inflate(body.partition(b"\0")[2][1:]))
    if kind in (b"tEXt", b"zTXt", b"iTXt"):
        return ["XMP" if body.startswith(b"XML:com.adobe.xmp\0") else "text"]
    if kind == b"tIME":
        return ["a date"]
    if kind in (b"acTL", b"fcTL", b"fdAT"):
        return ["animation frames"]
    return ["other data"]


def _riff_chunks(data: bytes):
    """(fourcc, body) for each chunk of a WebP file; the last item is (None, bytes after the RIFF end)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise _Damaged
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise _Damaged
    pos = 12
    while pos + 8 <= end:
        fourcc, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        if pos + 8 + size > end:
            raise _Damaged
        yield fourcc, data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)                             # chunks are padded to an even length
    yield None, data[pos:]


def _webp_kinds(data: bytes) -> list[str]:
    kinds = []
    for fourcc, body in _riff_chunks(data):
        if fourcc in (b"VP8 ", b"VP8L", b"VP8X", b"ALPH"):
            continue
        if fourcc is None:
            kinds += ["data after the end of the image"] if body else []
        elif fourcc == b"ICCP":
            kinds += _icc_kinds(body)
        elif fourcc == b"EXIF":
            kinds += _exif_kinds(body)
        elif fourcc == b"XMP ":
            kinds.append("XMP")
        elif fourcc in (b"ANIM", b"ANMF"):
            kinds.append("animation frames")
        else:
            kinds.append("other data")
    return kinds


_WALKERS = {"JPEG": _jpeg_kinds, "PNG": _png_kinds, "WEBP": _webp_kinds}


# --- rewriting from pixels ----------------------------------------------------------------------------

def _upright_pixels(data: bytes, name: str, mode_for) -> Image.Image:
    """The picture turned as the camera said, as a new image holding pixels only (no info, EXIF or ICC)."""
    try:
        with _refusing_bombs(), _open(data, name) as im:
            im = ImageOps.exif_transpose(im)
            mode = mode_for(im)
            im = im.convert(mode)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise PhotoError(name, f"cannot be read as an image ({type(e).__name__})") from e
    return Image.frombytes(mode, im.size, im.tobytes())


def _lossless_webp(data: bytes) -> bool:
    return any(fourcc == b"VP8L" for fourcc, _ in _riff_chunks(data))


def clean(path: Path) -> PhotoFile:
    """Rewrite the photo in place from its pixels: same format, upright, nothing else kept.

    Returns what the file held before; a file holding nothing hidden is left as it is.
    """
    data = read_photo(path)
    found = inspect_bytes(data, path.name)
    if not found.metadata:
        return found
    fmt = found.format

    def mode_for(im):             # keep transparency where the format has it, and grey where it saves space
        if fmt != "JPEG" and im.has_transparency_data:
            return "RGBA"
        return "L" if im.mode == "L" and fmt != "WEBP" else "RGB"

    im = _upright_pixels(data, path.name, mode_for)
    if fmt == "WEBP":
        params = {"lossless": True} if _lossless_webp(data) else {"quality": 90}
    else:
        params = {"JPEG": {"quality": 92, "optimize": True}, "PNG": {"optimize": True}}[fmt]
    out = io.BytesIO()
    im.save(out, fmt, **params)
    if inspect_bytes(out.getvalue(), path.name).metadata:     # never expected: Pillow was given pixels only
        raise PhotoError(path.name, "could not be cleaned")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(out.getvalue())
        os.chmod(tmp, stat.S_IMODE(os.stat(path, follow_symlinks=False).st_mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return found


def portrait(source: Path, size: int = SIZE) -> Image.Image:
    """A square, upright, metadata-free RGB image of the source."""
    im = _upright_pixels(read_photo(source), source.name, lambda im: "RGB")
    return ImageOps.fit(im, (size, size), Image.Resampling.LANCZOS)


def write_photo(source: Path, target_dir: Path, size: int = SIZE) -> dict:
    """photo.webp and photo.jpg in target_dir; returns what the template needs."""
    im = portrait(source, size)
    target_dir.mkdir(parents=True, exist_ok=True)
    im.save(target_dir / "photo.webp", "WEBP", quality=78, method=6)
    im.save(target_dir / "photo.jpg", "JPEG", quality=80, optimize=True, progressive=True)
    return {"webp": "photo.webp", "jpg": "photo.jpg", "width": size // 2, "height": size // 2}


# A partner's logo in a row of logos: at most this many CSS pixels high and wide (drawn at twice that).
LOGO_BOX = (192, 48)


def write_logo(source: Path, target: Path) -> tuple[int, int]:
    """A partner's logo as the site shows it, at target (PNG): upright, re-encoded from its pixels
    (nothing else kept), its aspect ratio and transparency kept, never cropped: fitted into LOGO_BOX
    at twice its CSS size, in at most 256 colours. Returns the CSS width and height for the page."""
    im = _upright_pixels(read_photo(source), source.name, lambda im: "RGBA" if im.has_transparency_data else "RGB")
    scale = min(LOGO_BOX[0] / im.width, LOGO_BOX[1] / im.height)
    css = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
    if im.width > 2 * css[0]:                       # smaller for the page; a small logo is drawn larger by the browser
        im = im.resize((2 * css[0], 2 * css[1]), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    im.quantize(256, method=Image.Quantize.FASTOCTREE).save(target, "PNG", optimize=True)
    return css


def synthetic_photo(seed: int) -> bytes:
    """An abstract avatar (not a face) as a JPEG holding pixels only, for the shipped samples and tests."""
    import random

    from PIL import ImageDraw

    rng = random.Random(seed)
    im = Image.new("RGB", (480, 640), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x, y, r = rng.randrange(480), rng.randrange(640), rng.randrange(40, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def share_card(title: str, tagline: str, target: Path) -> None:
    """The 1200x630 preview image link previews show (Open Graph): a title (the programme's name, or a
    shared page's title), and under it a line (the tagline, or the programme's name). Long titles wrap
    to three lines; the whole block stays centred on the card."""
    from PIL import ImageDraw, ImageFont

    im = Image.new("RGB", (1200, 630), (0, 105, 92))
    draw = ImageDraw.Draw(im)
    big, small = ImageFont.load_default(size=72), ImageFont.load_default(size=34)
    heads, lines = wrapped(draw, title, big, 3), wrapped(draw, tagline, small, 4)
    top = max(60, (630 - 88 * len(heads) - 32 - 48 * len(lines)) // 2)
    for i, text in enumerate(heads):
        draw.text((80, top + i * 88), text, font=big, fill=(255, 255, 255))
    for i, text in enumerate(lines):
        draw.text((80, top + 88 * len(heads) + 32 + i * 48), text, font=small, fill=(224, 242, 241))
    target.parent.mkdir(parents=True, exist_ok=True)
    im.save(target, "PNG", optimize=True)


# text wrapped to the card's width, at most `most` lines (the last one ending in "…" if cut)
def wrapped(draw, text: str, font, most: int, width: int = 1040) -> list[str]:
    lines, line = [], ""
    for w in text.split():
        if line and draw.textlength(f"{line} {w}", font=font) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    if len(lines) > most:
        lines, last = lines[:most], lines[most - 1].split()
        while len(last) > 1 and draw.textlength(" ".join(last) + "…", font=font) > width:
            last.pop()
        lines[-1] = " ".join(last).rstrip(",.:;") + "…"
    return lines
