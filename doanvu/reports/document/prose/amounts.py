"""How the report writes a figure: "2.145" with a dot, counts under ten as "03", money as "trên 152 triệu
đồng", ", đạt 200% chỉ tiêu" — through doanvu.lib.vnnumbers. Pure functions over plain values."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from doanvu.lib import vnnumbers as vn

Number = Decimal | int | float | None


def dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def has(value: Number) -> bool:
    """A figure worth a sentence: present and not zero."""
    return value is not None and dec(value) != 0


def num(value: Number) -> str:
    """A count as Union reports write it: 3 → "03", 2145 → "2.145"; a fraction keeps up to two decimals."""
    if value is None:
        return "–"
    number = dec(value)
    if number == number.to_integral_value():
        return vn.count(int(number))
    return vn.group(number, 2)


def decimals(value: Number, places: int = 2) -> str:
    """A figure with at most `places` decimals and no trailing zero: 2.5 → "2,5", 4.19 → "4,19", 5 → "5"."""
    text = vn.group(dec(value), places)
    return text.rstrip("0").rstrip(",") if "," in text else text


def money_about(value: Number) -> str:
    """Money the way a report states it: exact when it reads cleanly ("150 triệu đồng", "850.000 đồng"),
    otherwise "trên" and the amount rounded down ("trên 152,3 triệu đồng") — never more than was spent."""
    amount = dec(value or 0)
    if abs(amount) < 1_000_000:
        return f"{vn.group(amount)} đồng"
    if abs(amount) >= Decimal(10) ** 9:
        # Billions in "tỷ" ("4,19 tỷ đồng", never "4.190 triệu đồng"): exact to three decimals, else
        # "trên" and two decimals rounded down.
        billions = amount / Decimal(10) ** 9
        if billions == billions.quantize(Decimal("0.001")):
            return f"{decimals(billions, 3)} tỷ đồng"
        return f"trên {decimals(billions.quantize(Decimal('0.01'), rounding=ROUND_FLOOR))} tỷ đồng"
    exact = vn.money(amount)
    if "triệu" in exact or "tỷ" in exact:
        return exact
    scale, word = (Decimal(10) ** 9, "tỷ") if amount >= Decimal(10) ** 9 else (Decimal(10) ** 6, "triệu")
    step = Decimal(1) if amount / scale >= 100 else Decimal("0.1")
    rounded = (amount / scale).quantize(step, rounding=ROUND_FLOOR)
    return f"trên {vn.group(rounded, 1)} {word} đồng"


def target_phrase(value: Number, target: Number, label: str = "chỉ tiêu") -> str:
    """ ", đạt 200% chỉ tiêu (04/02)" — the percentage with its base; empty when there is no target."""
    if not has(target):
        return ""
    pct = vn.achievement(dec(value or 0), dec(target))
    return f", đạt {vn.percent(pct)} {label} ({num(value or 0)}/{num(target)})"


def clauses(parts: list[str]) -> str:
    """Clauses joined by "; " as one sentence with a capital and a full stop ("" when there are none)."""
    parts = [c for c in parts if c]
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
