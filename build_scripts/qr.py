"""QR codes for printed pages: a page's address as inline SVG, made at build time with segno."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """The URL as a QR code: one SVG path, sized by CSS (a viewBox, no width or height).

    The mask is fixed: every mask reads the same, and trying all eight for the best-looking one
    costs 3 ms a profile (half a minute at 10,000). tests/test_qr.py decodes what this makes.
    """
    code = segno.make(url, error="m", micro=False, mask=0)
    return Markup(code.svg_inline(omitsize=True, border=2, svgclass="tp-qr__code", lineclass=None))
