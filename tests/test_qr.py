"""The build's QR codes read back as the address they were made from (decoded with zxing-cpp)."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from build_scripts.qr import qr_svg


def raster(svg: str, scale: int = 4) -> Image.Image:
    """segno's path (M x y, then m dx dy moves and h n dark runs, one module high) drawn as pixels."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    img = Image.new("L", (size * scale, size * scale), 255)
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([-\d. ]+)", re.search(r' d="([^"]+)"', svg).group(1)):
        nums = [float(n) for n in args.split()]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            row = int(y)
            img.paste(0, (int(x) * scale, row * scale, int(x + nums[0]) * scale, (row + 1) * scale))
            x += nums[0]
    return img


URLS = ["https://example.github.io/talent-portal/talent/kawa-a/",
        "https://example.github.io/talent-portal/talent/" + "a-" * 19 + "zz/",
        "https://talent.example.org/talent/x1/",
        "https://a-very-long-organisation-name.example.org/programmes/remote-work/talent-portal/talent/amal-r/"]


@pytest.mark.parametrize("url", URLS)
def test_the_qr_code_reads_as_the_page_address(url):
    svg = qr_svg(url)
    assert svg.startswith("<svg ") and "width=" not in svg and "<?xml" not in svg
    assert [r.text for r in zxingcpp.read_barcodes(raster(svg))] == [url]


def test_the_svg_is_small_enough_for_every_profile_page():
    assert len(qr_svg(URLS[1])) < 3000
