"""The headers every file the site sends carries, from a page or from the API (docs/architecture.md,
"Error pages and headers").

A file is private to whoever may see it: no cache keeps it (`no-store`), the browser never guesses another
type than the one checked on upload (`nosniff`), and a file that opens in the browser (an image, a PDF, the
report as HTML) runs no script and loads nothing but images from the site.
"""

from __future__ import annotations

DOWNLOAD_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
}


def protect_download(response):
    """`response` (any HTTP response sending a file) with the download headers set; returned for chaining."""
    for name, value in DOWNLOAD_HEADERS.items():
        response[name] = value
    return response
