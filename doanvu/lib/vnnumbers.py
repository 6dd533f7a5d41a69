"""Numbers the way Union reports write them: 2.145, 5.000.000 đồng, 03 cuộc, 150 triệu đồng, 95%.

Pure functions, no Django.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def group(value: int | float | Decimal, decimals: int = 0) -> str:
    """2145 → "2.145"; 95.5 with decimals=1 → "95,5" ("." groups thousands, "," is the decimal mark)."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    grouped = ""
    while len(whole) > 3:
        grouped = "." + whole[-3:] + grouped
        whole = whole[:-3]
    grouped = whole + grouped
    return sign + grouped + ("," + frac if decimals and frac.strip("0") else "")


def count(value: int) -> str:
    """Counts under ten take a leading zero, as reports write them: 3 → "03", 12 → "12", 2145 → "2.145"."""
    if 0 < value < 10:
        return f"0{value}"
    return group(value)


def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return group(value, decimals) + "%"


def money(value: int | Decimal) -> str:
    """Money in đồng, with a scale word when it reads better: 15.000.000 → "15 triệu đồng",
    150.000.000 → "150 triệu đồng", 2.500.000.000 → "2,5 tỷ đồng", 5.250.000 → "5.250.000 đồng"."""
    amount = Decimal(str(value))
    for scale, word in ((Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu")):
        if abs(amount) >= scale and (amount * 10 / scale) == (amount * 10 / scale).to_integral_value():
            return f"{group(amount / scale, 1)} {word} đồng"
    return f"{group(amount)} đồng"


def ratio(part: int, whole: int) -> str:
    """ "X/Y" — X out of Y, as in "33/41 công trình"."""
    return f"{count(part)}/{count(whole)}"


def achievement(value: float | Decimal, target: float | Decimal) -> Decimal | None:
    """Achievement of a target in percent: 4 of a target of 2 → 200. None when there is no target."""
    if not target:
        return None
    return (Decimal(str(value)) * 100 / Decimal(str(target))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
