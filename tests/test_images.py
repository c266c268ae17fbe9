"""images.py and the photo rules: whose photo, which formats, and no hidden information in the file."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from build_scripts import images
from build_scripts.validate import validate_paths
from conftest import FIXTURES, ROOT, TODAY, run_cli

PROFILE = (FIXTURES / "problems" / "p004-unknown-skill.yaml").read_text().split("\n", 1)[1].replace("Pyhton", "Python")
GPS = {1: "N", 2: (31.0, 57.0, 7.0), 3: "E", 4: (35.0, 55.0, 42.0)}      # Amman
SECRETS = ("SYNTHETIC-CAMERA", "Sample Phone", "31", "35", "Amman", "secret")


def picture(size=(64, 48)) -> Image.Image:
    """Red on the left, blue on the right: where red ends up shows how the picture was turned."""
    im = Image.new("RGB", size, (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return im


def phone_exif(gps: bool = True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SYNTHETIC-CAMERA"
    exif[0x0110] = "Sample Phone"
    exif[0x0112] = 6                  # rotate 90 degrees clockwise to show
    if gps:
        exif[0x8825] = GPS
    return exif.tobytes()


def encoded(fmt: str, im: Image.Image | None = None, **params) -> bytes:
    buf = io.BytesIO()
    (im or picture()).save(buf, fmt, **params)
    return buf.getvalue()


def with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """A JPEG with one more marker segment just after SOI."""
    return jpeg[:2] + bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]


def icc_with(*tags: bytes) -> bytes:
    """A minimal ICC profile whose tag table lists these tags (each pointing at 12 bytes of text)."""
    table = len(tags).to_bytes(4, "big")
    data = b""
    start = 128 + 4 + 12 * len(tags)
    for t in tags:
        table += t + (start + len(data)).to_bytes(4, "big") + (12).to_bytes(4, "big")
        data += b"text" + b"secret\0\0"
    body = table + data
    size = 128 + len(body)
    header = size.to_bytes(4, "big") + b"lcms" + b"\x04\x30\0\0" + b"mntr" + b"RGB " + b"XYZ " + bytes(12) + b"acsp"
    return header + bytes(128 - len(header)) + body


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def with_png_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """A PNG with one more chunk just after IHDR."""
    end = 8 + 25
    return png[:end] + png_chunk(kind, data) + png[end:]


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
GIF = encoded("GIF")
TIFF = encoded("TIFF")
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n%%EOF\n"

# name: (file bytes, what the problem must name)
DIRTY = {
    "jpeg-exif-gps": (lambda: encoded("JPEG", exif=phone_exif()), "GPS"),
    "jpeg-exif": (lambda: encoded("JPEG", exif=phone_exif(gps=False)), "EXIF"),
    "jpeg-xmp": (lambda: encoded("JPEG", xmp=b"<x:xmpmeta>secret</x:xmpmeta>"), "XMP"),
    "jpeg-comment": (lambda: encoded("JPEG", comment=b"secret"), "comment"),
    "jpeg-iptc": (lambda: with_segment(encoded("JPEG"), 0xED, b"Photoshop 3.0\x008BIM\x04\x04secret"), "IPTC"),
    "jpeg-thumbnail": (lambda: with_segment(encoded("JPEG"), 0xE0, b"JFXX\x00\x13" + bytes(100)), "thumbnail"),
    "jpeg-icc-device": (lambda: encoded("JPEG", icc_profile=icc_with(b"desc", b"dmdd")), "device"),
    "jpeg-second-picture": (lambda: encoded("MPO", save_all=True, append_images=[picture()]), "picture"),
    "jpeg-trailing": (lambda: encoded("JPEG") + b"secret video", "after the end"),
    "jpeg-app5": (lambda: with_segment(encoded("JPEG"), 0xE5, b"secret"), "other data"),
    "png-exif": (lambda: encoded("PNG", exif=phone_exif()), "GPS"),
    "png-text": (lambda: encoded("PNG", pnginfo=_png_text()), "text"),
    "png-xmp": (lambda: encoded("PNG", pnginfo=_png_xmp()), "XMP"),
    "png-time": (lambda: with_png_chunk(encoded("PNG"), b"tIME", b"\x07\xea\x06\x0f\x0c\x00\x00"), "date"),
    "png-icc-device": (lambda: with_png_chunk(encoded("PNG"), b"iCCP", b"p\0\0" + zlib.compress(icc_with(b"mmod"))),
                       "device"),
    "png-private": (lambda: with_png_chunk(encoded("PNG"), b"prVt", b"secret"), "other data"),
    "png-trailing": (lambda: encoded("PNG") + b"secret", "after the end"),
    # structural hiding places the review found: a DNL segment, bytes after the JFIF header, chunks longer than their fields
    "jpeg-dnl": (lambda: with_segment(encoded("JPEG"), 0xDC, b"GPS 31.95N 35.91E home"), "other data"),
    "jpeg-jfif-extra": (lambda: with_segment(encoded("JPEG")[:2] + encoded("JPEG")[20:], 0xE0,
                                             b"JFIF\0\1\1\0\0\1\0\1\0\0" + b"GPS 31.95N 35.91E"), "other data"),
    "jpeg-jfif-thumbnail-extra": (lambda: with_segment(encoded("JPEG")[:2] + encoded("JPEG")[20:], 0xE0,
                                                       b"JFIF\0\1\1\0\0\1\0\1\1\1" + bytes(3) + b"secret"),
                                  "other data"),
    "png-cicp-long": (lambda: with_png_chunk(encoded("PNG"), b"cICP", b"\1\r\0\1" + b"GPS 31.95N 35.91E"), "other data"),
    "png-cicp-secret": (lambda: with_png_chunk(encoded("PNG"), b"cICP", b"GPS 31.95N 35.91E home of A"), "other data"),
    "png-phys-long": (lambda: with_png_chunk(encoded("PNG"), b"pHYs", (2835).to_bytes(4, "big") * 2 + b"\1secret"),
                      "other data"),
    "webp-exif": (lambda: encoded("WEBP", exif=phone_exif()), "GPS"),
    "webp-xmp": (lambda: encoded("WEBP", xmp=b"<x:xmpmeta>secret</x:xmpmeta>"), "XMP"),
}
CLEAN = {
    "jpeg": lambda: encoded("JPEG"),
    "jpeg-srgb": lambda: encoded("JPEG", icc_profile=SRGB),
    "jpeg-progressive": lambda: encoded("JPEG", progressive=True, optimize=True),
    "jpeg-grey": lambda: encoded("JPEG", picture().convert("L")),
    "png": lambda: encoded("PNG"),
    "png-srgb": lambda: encoded("PNG", icc_profile=SRGB),
    "png-palette-alpha": lambda: encoded("PNG", picture().convert("P"), transparency=0),
    "webp": lambda: encoded("WEBP"),
    "webp-lossless-alpha": lambda: encoded("WEBP", picture().convert("RGBA"), lossless=True),
    "webp-srgb": lambda: encoded("WEBP", icc_profile=SRGB),
    "jpeg-dpi": lambda: encoded("JPEG", dpi=(300, 300)),
    "png-dpi": lambda: encoded("PNG", dpi=(300, 300)),
    "png-cicp": lambda: with_png_chunk(encoded("PNG"), b"cICP", b"\1\r\0\1"),
}


def _png_text():
    info = PngInfo()
    info.add_text("Author", "secret")
    return info


def _png_xmp():
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    return info


def repo_with(tmp_path: Path, pid: str, photo_line: str | None = None, consent: bool = True) -> Path:
    """A checkout with profiles/<pid>.yaml naming a photo (by default its own .jpg)."""
    (tmp_path / "profiles" / "photos").mkdir(parents=True, exist_ok=True)
    text = PROFILE.replace("github: p004-unknown-skill", f"github: {pid}-login")
    if consent:
        text = text.replace("  photo: false\n", "  photo: true\n")
    text += f"photo: {photo_line or f'profiles/photos/{pid}.jpg'}\n"
    path = tmp_path / "profiles" / f"{pid}.yaml"
    path.write_text(text)
    return path


def problems(path: Path, root: Path):
    return [(p.code, p.line, p.col, p.message, p.hint) for p in validate_paths([path], root=root, today=TODAY).problems]


PHOTO_LINE = (PROFILE + "photo: x\n").count("\n")


# --- whose photo ----------------------------------------------------------------------------------

def test_a_photo_named_after_someone_else_is_refused(tmp_path):
    (tmp_path / "profiles" / "photos").mkdir(parents=True)
    (tmp_path / "profiles" / "photos" / "withheld-w.jpg").write_bytes(images.synthetic_photo(1))
    path = repo_with(tmp_path, "mallory-m", "profiles/photos/withheld-w.jpg")
    [(code, line, col, message, hint)] = problems(path, tmp_path)
    assert (code, line, col) == ("P029", PHOTO_LINE, 8)
    assert "profiles/photos/mallory-m.jpg" in hint


def test_an_own_photo_with_another_extension_is_fine(tmp_path):
    path = repo_with(tmp_path, "amal-h", "profiles/photos/amal-h.webp")
    (tmp_path / "profiles" / "photos" / "amal-h.webp").write_bytes(encoded("WEBP"))
    assert problems(path, tmp_path) == []


def test_a_photo_that_links_to_someone_elses_is_refused(tmp_path):
    path = repo_with(tmp_path, "mallory-m")
    photos = tmp_path / "profiles" / "photos"
    (photos / "withheld-w.jpg").write_bytes(images.synthetic_photo(1))
    (photos / "mallory-m.jpg").symlink_to("withheld-w.jpg")
    [(code, line, _, message, _)] = problems(path, tmp_path)
    assert (code, line) == ("P029", PHOTO_LINE) and "link" in message


def test_a_photos_folder_that_is_a_link_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mallory-m.jpg").write_bytes(images.synthetic_photo(1))
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "photos").symlink_to(elsewhere)
    path = repo_with(tmp_path, "mallory-m")
    [(code, line, _, message, _)] = problems(path, tmp_path)
    assert (code, line) == ("P029", PHOTO_LINE) and "profiles/photos" in message


def test_a_missing_own_photo_is_still_p024(tmp_path):
    path = repo_with(tmp_path, "amal-h")
    assert [p[:2] for p in problems(path, tmp_path)] == [("P024", PHOTO_LINE)]


# --- which formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [GIF, TIFF, EPS, b"not an image at all"], ids=["gif", "tiff", "eps", "text"])
def test_a_jpg_that_is_not_a_jpeg_png_or_webp_is_refused(tmp_path, content):
    path = repo_with(tmp_path, "amal-h")
    (tmp_path / "profiles" / "photos" / "amal-h.jpg").write_bytes(content)
    [(code, line, col, message, _)] = problems(path, tmp_path)
    assert (code, line, col) == ("P030", PHOTO_LINE, 8) and "profiles/photos/amal-h.jpg" in message


def broken_huffman_table(jpeg: bytes) -> bytes:
    """A JPEG whose structure is whole but whose Huffman table is impossible: it opens, it cannot be decoded."""
    at = jpeg.index(b"\xff\xc4")
    return jpeg[:at + 5] + bytes(15) + bytes([200]) + jpeg[at + 21:]


def test_a_jpeg_that_opens_but_cannot_be_decoded_is_refused(tmp_path):
    # inspect() once read only the structure: this passed the check and was silently left out at build
    data = broken_huffman_table(encoded("JPEG"))
    with pytest.raises(images.PhotoError):
        images.inspect_bytes(data)
    path = repo_with(tmp_path, "amal-h")
    (tmp_path / "profiles" / "photos" / "amal-h.jpg").write_bytes(data)
    [(code, line, col, message, _)] = problems(path, tmp_path)
    assert (code, line, col) == ("P030", PHOTO_LINE, 8) and "cannot be read" in message


def test_a_photo_over_8_mb_is_refused(tmp_path):
    path = repo_with(tmp_path, "amal-h")
    (tmp_path / "profiles" / "photos" / "amal-h.jpg").write_bytes(encoded("JPEG") + bytes(images.MAX_SOURCE_BYTES))
    assert [p[0] for p in problems(path, tmp_path)] == ["P030"]


@pytest.fixture
def eps_opened(monkeypatch):
    """Records whether Pillow's EPS plugin (the one that starts Ghostscript) was ever asked to read a file."""
    from PIL import EpsImagePlugin

    seen = []
    original = EpsImagePlugin.EpsImageFile._open

    def spy(self):
        seen.append(True)
        return original(self)

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", spy)
    return seen


def test_no_reader_hands_a_photo_to_the_eps_plugin(tmp_path, eps_opened):
    source = tmp_path / "amal-h.jpg"
    source.write_bytes(EPS)
    with pytest.raises(images.PhotoError):
        images.portrait(source)
    with pytest.raises(images.PhotoError):
        images.inspect(source)
    with pytest.raises(images.PhotoError):
        images.clean(source)
    assert eps_opened == [] and source.read_bytes() == EPS


# --- no hidden information -------------------------------------------------------------------------

@pytest.mark.parametrize("name", DIRTY)
def test_hidden_information_is_found(name):
    make, named = DIRTY[name]
    found = images.inspect_bytes(make())
    assert found.metadata and any(named in kind for kind in found.metadata), found


@pytest.mark.parametrize("name", CLEAN)
def test_a_clean_photo_has_nothing_to_report(name):
    found = images.inspect_bytes(CLEAN[name]())
    assert found.metadata == () and found.format in ("JPEG", "PNG", "WEBP")


def test_a_gps_photo_is_a_located_problem_that_names_the_fix_and_no_value(tmp_path):
    path = repo_with(tmp_path, "amal-h")
    (tmp_path / "profiles" / "photos" / "amal-h.jpg").write_bytes(encoded("JPEG", exif=phone_exif()))
    [(code, line, col, message, hint)] = problems(path, tmp_path)
    assert (code, line, col) == ("P031", PHOTO_LINE, 8)
    assert "profiles/photos/amal-h.jpg" in message and "GPS" in message
    assert "python -m build_scripts clean-photo profiles/photos/amal-h.jpg" in hint
    assert not any(s in message + hint for s in SECRETS)


def test_a_gps_photo_is_refused_even_without_photo_consent(tmp_path):
    # the file is public in the repository whether or not the site shows it
    path = repo_with(tmp_path, "amal-h", consent=False)
    (tmp_path / "profiles" / "photos" / "amal-h.jpg").write_bytes(encoded("JPEG", exif=phone_exif()))
    assert "P031" in [p[0] for p in problems(path, tmp_path)]


@pytest.mark.parametrize("name", DIRTY)
def test_clean_photo_rewrites_the_file_from_pixels(tmp_path, name):
    make, _ = DIRTY[name]
    data = make()
    fmt = images.inspect_bytes(data).format
    target = tmp_path / f"amal-h.{fmt.lower()}"
    target.write_bytes(data)
    result = run_cli("clean-photo", str(target))
    assert result.returncode == 0, result.stderr
    said = result.stdout.replace(str(target), "")          # the path may hold digits like "35" (pytest-350)
    assert str(target) in result.stdout and not any(s in said for s in SECRETS)
    after = images.inspect(target)
    assert after.metadata == () and after.format == fmt
    assert not any(s.encode() in target.read_bytes() for s in ("SYNTHETIC-CAMERA", "secret"))


def test_clean_photo_applies_the_orientation(tmp_path):
    target = tmp_path / "amal-h.jpg"
    target.write_bytes(encoded("JPEG", exif=phone_exif()))          # 64x48, to be turned 90 degrees clockwise
    assert run_cli("clean-photo", str(target)).returncode == 0
    with Image.open(target) as im:
        assert im.size == (48, 64)
        top, bottom = im.convert("RGB").getpixel((24, 4)), im.convert("RGB").getpixel((24, 60))
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60   # red went to the top


def test_clean_photo_leaves_a_clean_file_alone(tmp_path):
    target = tmp_path / "amal-h.png"
    target.write_bytes(encoded("PNG"))
    before = target.read_bytes()
    result = run_cli("clean-photo", str(target))
    assert result.returncode == 0 and "no hidden information" in result.stdout
    assert target.read_bytes() == before


def test_clean_photo_does_not_write_through_a_link(tmp_path):
    real = tmp_path / "someone-else.jpg"
    real.write_bytes(encoded("JPEG", exif=phone_exif()))
    before = real.read_bytes()
    (tmp_path / "amal-h.jpg").symlink_to(real)
    result = run_cli("clean-photo", str(tmp_path / "amal-h.jpg"))
    assert result.returncode == 1 and "link" in result.stderr
    assert real.read_bytes() == before


def test_clean_photo_refuses_what_is_not_a_photo(tmp_path):
    target = tmp_path / "amal-h.jpg"
    target.write_bytes(GIF)
    result = run_cli("clean-photo", str(target))
    assert result.returncode == 1 and "JPEG, PNG or WebP" in result.stderr
    assert target.read_bytes() == GIF
    assert run_cli("clean-photo", str(tmp_path / "nothing.jpg")).returncode == 2


def test_the_build_still_strips_metadata_from_what_it_publishes(tmp_path):
    source = tmp_path / "amal-h.jpg"
    source.write_bytes(encoded("JPEG", exif=phone_exif(), xmp=b"<x:xmpmeta>secret</x:xmpmeta>", comment=b"secret"))
    images.write_photo(source, tmp_path / "out")
    for name in ("photo.jpg", "photo.webp"):
        assert images.inspect(tmp_path / "out" / name).metadata == ()


def test_every_shipped_photo_is_clean():
    shipped = sorted((ROOT / "profiles" / "photos").iterdir())
    assert shipped
    for path in shipped:
        assert not path.is_symlink()
        found = images.inspect(path)
        assert found.format in ("JPEG", "PNG", "WEBP") and found.metadata == (), path.name


def test_synthetic_photos_are_clean():
    for seed in range(3):
        assert images.inspect_bytes(images.synthetic_photo(seed)).metadata == ()


def test_the_committed_metadata_fixture_still_carries_gps():
    # the P031 fixture must keep its GPS tag, or its test would pass for the wrong reason
    photo = FIXTURES / "problems" / "profiles" / "photos" / "p031-photo-metadata.jpg"
    assert any("GPS" in kind for kind in images.inspect(photo).metadata)
