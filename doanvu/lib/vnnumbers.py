"""Numbers the way Union reports write them: 2.145, 5.000.000 đồng, 03 cuộc, 150 triệu đồng, 95%; and
read the way people type them (`parse`, for forms, imports and the API alike) and read back in words
(`words`, "năm triệu đồng").

Pure functions, no Django.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words


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


# --- Reading numbers as people type them (docs/architecture.md, "Numbers as people type them") ---------

COUNT = "count"  # a whole number: cuộc, lượt, người, công trình…
MONEY = "money"  # whole đồng; scale words welcome: "5 triệu", "1,5 tỷ", "500k"
DECIMAL = "decimal"  # a decimal comma allowed: hectares, points, percentages
KINDS = (COUNT, MONEY, DECIMAL)

MONEY_UNITS = {"đồng", "đ", "vnđ", "vnd"}
# Units measured rather than counted: their figures may have a decimal part. Every other unit counts things.
DECIMAL_UNITS = {
    "%", "điểm", "ha", "héc-ta", "km", "m", "m2", "m²", "m3", "m³", "tấn", "tạ", "kg", "lít", "giờ",
    "triệu đồng", "nghìn đồng", "tỷ đồng",
}  # fmt: skip
SCALES = {
    "k": 1_000, "nghìn": 1_000, "ngàn": 1_000,
    "tr": 1_000_000, "triệu": 1_000_000,
    "tỷ": 1_000_000_000, "tỉ": 1_000_000_000,
}  # fmt: skip
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
_TERM = re.compile(
    r"([0-9][0-9.,]*(?: [0-9]{3}(?=[^0-9]|$))*)\s*(k|nghìn|ngàn|triệu|tr|tỷ|tỉ)?(?![^\W\d_])\s*"
)
_GROUPED_DOTS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_GROUPED_COMMAS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_GROUPED_SPACES = re.compile(r"\d{1,3}(?: \d{3})+")
LIMIT = Decimal(10) ** 16
EXAMPLES = {COUNT: "12 hoặc 1.500", MONEY: "5.000.000 hoặc 5 triệu", DECIMAL: "8 hoặc 2,5"}
WORDS_LIMIT = Decimal(10) ** 15


class NumberError(ValueError):
    """A typed number that is not accepted; the message says why in Vietnamese and, when two readings are
    possible, asks which was meant."""


def unit_kind(unit_label: str) -> str:
    """What a figure counted in `unit_label` may hold: "đồng" → MONEY, "ha" or "%" → DECIMAL, anything
    else (cuộc, lượt, người, phần quà…) → COUNT."""
    label = " ".join((unit_label or "").lower().split())
    if label in MONEY_UNITS:
        return MONEY
    return DECIMAL if label in DECIMAL_UNITS else COUNT


def _digits(token: str, typed: str, scaled: bool) -> Decimal:
    """One run of digits and separators: "." groups thousands, "," is the decimal mark."""
    if " " in token:
        if not _GROUPED_SPACES.fullmatch(token):
            raise NumberError(f"Không đọc được «{typed}» thành một số.")
        token = token.replace(" ", "")
    whole, comma, frac = token.partition(",")
    if comma:
        if "," in frac or "." in frac:
            if _GROUPED_COMMAS.fullmatch(token) or re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", token):
                if "." not in frac:  # 5,000,000: commas grouping thousands, the English way
                    return Decimal(token.replace(",", ""))
                raise NumberError(
                    f"«{typed}» viết theo kiểu tiếng Anh; hãy viết dấu chấm tách hàng nghìn và dấu phẩy "
                    "trước phần thập phân, ví dụ 1.234,5."
                )
            raise NumberError(f"Không đọc được «{typed}» thành một số.")
        if not frac or (whole and "." in whole and not _GROUPED_DOTS.fullmatch(whole)):
            raise NumberError(f"Không đọc được «{typed}» thành một số.")
        if len(frac) == 3 and "." not in whole and len(whole) <= 3 and whole.strip("0") and not scaled:
            n = f"{whole}{frac}"
            raise NumberError(
                f"«{typed}» là {group(int(n))} hay {whole},{frac.rstrip('0') or '0'}? Với số nghìn hãy gõ "
                f"{group(int(n))} hoặc {n}; dấu phẩy chỉ dùng trước phần thập phân."
            )
        return Decimal(f"{whole.replace('.', '')}.{frac}")
    if "." not in token:
        return Decimal(token)
    if _GROUPED_DOTS.fullmatch(token):
        return Decimal(token.replace(".", ""))
    if re.fullmatch(r"\d+\.\d+", token):
        return Decimal(token)  # 2.5: not thousands (three digits follow a thousands dot), so a decimal point
    raise NumberError(
        f"Không đọc được «{typed}» thành một số: dấu chấm chỉ dùng để tách hàng nghìn (5.000.000)."
    )


def parse(text, *, kind: str = DECIMAL, unit_label: str = "", places: int = 2) -> Decimal | None:
    """A number as a person types it → Decimal (None for an empty entry); NumberError with a Vietnamese
    message otherwise. "5.000.000", "5000000", "5 000 000", "5 triệu", "1,5 tỷ", "500k", "1 tỷ 200 triệu",
    "2,5", "150 triệu đồng", "03 cuộc", "95,5%". `kind` (COUNT, MONEY, DECIMAL) settles what one reading
    alone cannot: a count and money are whole (1,5 lượt or 2,5 đồng is refused), a decimal keeps at most
    `places` digits after the comma. Numbers that are not text (JSON, spreadsheet cells) are checked the
    same way."""
    if text is None:
        return None
    if not isinstance(text, str):
        try:
            number = Decimal(str(text))
        except ArithmeticError:
            raise NumberError(f"Không đọc được «{text}» thành một số.") from None
        if not number.is_finite():
            raise NumberError(f"Không đọc được «{text}» thành một số.")
        return _checked(number, str(text), kind, places)
    typed = " ".join(text.translate(_SPACES).split())
    if not typed:
        return None
    body = _without_unit(typed.lower(), kind, unit_label)
    negative = body.startswith("-")
    body = body[1:].lstrip() if negative else body
    total, last_scale, pos, terms = Decimal(0), None, 0, 0
    while pos < len(body):
        match = _TERM.match(body, pos)
        if match is None or match.group(1)[-1] in ".,":
            raise NumberError(
                f"Không đọc được «{typed}» thành một số; hãy gõ chữ số, ví dụ {EXAMPLES[kind]}."
            )
        token, word = match.group(1), match.group(2)
        if terms and (word is None or last_scale is None or SCALES[word] >= last_scale):
            raise NumberError(
                f"Không đọc được «{typed}»: khi ghép nhiều phần, mỗi phần cần một chữ chỉ hàng, từ lớn đến "
                "nhỏ (1 tỷ 200 triệu)."
            )
        total += _digits(token, typed, bool(word)) * (SCALES[word] if word else 1)
        last_scale, pos, terms = (SCALES[word] if word else None), match.end(), terms + 1
    if not terms:
        raise NumberError(f"Không đọc được «{typed}» thành một số.")
    return _checked(-total if negative else total, typed, kind, places)


def _without_unit(body: str, kind: str, unit_label: str) -> str:
    """ "150 triệu đồng" → "150 triệu", "03 cuộc" → "03", "95,5%" → "95,5": the field's own unit may follow."""
    label = " ".join(unit_label.lower().split())
    units = {label} | (MONEY_UNITS if kind == MONEY else set()) | ({"%"} if kind == DECIMAL else set())
    for unit in sorted(units - {""}, key=len, reverse=True):
        head = body[: -len(unit)].rstrip()
        if body.endswith(unit) and head and (head[-1].isdigit() or head.endswith(tuple(SCALES))):
            return head
    return body


def _checked(number: Decimal, typed: str, kind: str, places: int) -> Decimal:
    if abs(number) >= LIMIT:
        raise NumberError(f"«{typed}» quá lớn.")
    whole = number == number.to_integral_value()
    if kind == COUNT and not whole:
        raise NumberError(f"«{typed}» không phải số nguyên; ở đây chỉ nhập số đếm được, không có phần lẻ.")
    if kind == MONEY and not whole:
        hint = ""
        if abs(number) < 1000 and re.fullmatch(r"\d+[.,]\d+", typed):
            hint = f" Nếu là {typed.replace('.', ',')} triệu đồng, hãy gõ «{typed.replace('.', ',')} triệu»."
        raise NumberError(f"«{typed}»: số tiền tính bằng đồng, không có phần lẻ của một đồng.{hint}")
    if kind == DECIMAL and number.normalize().as_tuple().exponent < -places:
        raise NumberError(f"«{typed}»: tối đa {places} chữ số sau dấu phẩy.")
    return number.to_integral_value() if whole else number.normalize()


def words(value: int | Decimal, unit_label: str = "") -> str:
    """A number read out, to confirm what was typed before it is saved: 5000000, "đồng" → "năm triệu đồng";
    2,5 → "hai phẩy năm"; 0,05 → "không phẩy không năm". The integer part is num2words' Vietnamese."""
    number = Decimal(str(value))
    if abs(number) >= WORDS_LIMIT:
        return ""  # a thousand million million or more: beyond num2words' Vietnamese scale words
    whole, _, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    said = num2words(int(whole), lang="vi")
    if frac:
        zeros = len(frac) - len(frac.lstrip("0"))
        said += " phẩy " + " ".join(["không"] * zeros + [num2words(int(frac[zeros:]), lang="vi")])
    unit = " ".join(unit_label.split())
    return ("âm " if number < 0 else "") + said + (f" {unit}" if unit else "")
