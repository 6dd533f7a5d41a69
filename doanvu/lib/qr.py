"""QR codes as inline SVG, drawn by segno (docs/domain.md, "The member card").

Inline SVG needs no image request and no style attribute, so it shows under the pages' Content-Security-Policy,
prints sharp at any size and scales to a projector. Pure Python, no Django.
"""

from __future__ import annotations

import segno


def svg(text: str, *, title: str = "", css_class: str = "qr") -> str:
    """An <svg> element whose QR code carries `text`, black on a white quiet zone of four modules.

    Error correction level M (15%): a card a little scuffed, or a projector seen at an angle, still reads.
    The SVG has a viewBox and no size: the page's CSS sizes it."""
    code = segno.make(text, error="m", boost_error=False)
    return code.svg_inline(
        title=title or None,
        svgclass=css_class,
        lineclass=None,
        omitsize=True,
        border=4,
        dark="#000",
        light="#fff",
    )
