"""CSV files the site writes, safe to open in a spreadsheet (docs/architecture.md, "Safe downloads"): the
one writer every CSV download uses. The rule is xlsx.py's: control characters are dropped, and a text that
a spreadsheet could take for a formula (it begins with =, +, -, @, a tab or a carriage return) gets a single
quote in front, so it is shown as text. Numbers and dates are written as they are."""

from __future__ import annotations

import csv

from .xlsx import clean_text, looks_like_formula


def safe_field(value):
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if looks_like_formula(text) else text


class SafeWriter:
    def __init__(self, file, **fmtparams):
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_field(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, **fmtparams) -> SafeWriter:
    """Like csv.writer(file, …), every field made safe."""
    return SafeWriter(file, **fmtparams)
