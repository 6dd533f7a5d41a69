"""Stocks read in bounded time: the running sums of their changes over blocks of years
(docs/architecture.md, "Rollups"; docs/scale.md, "Stocks read from blocks of years").

A stock is kept as its changes, one row a month, so its value at a month's end is the sum of every month
up to it: since 2020, 84 rows a group and a figure, more every month. Next to the month rows every change
is also added to the rows of the blocks of years that hold its year, code "y.<code>", in the month column
the block's last year × 100 (yyyy00, a month no date has). The blocks are those of a Fenwick tree over the
years BASE to BASE + YEARS - 1: the block ending with the year of index i (BASE has index 1) holds the
years of index i - lowbit(i) + 1 to i (lowbit(i) = i & -i: 1, 2, 4, … years). Years before BASE count as
BASE; years after the last are in no block (they are read from their month rows).

- **Writing** a change of year y adds it to the blocks of indexes i, i + lowbit(i), … up to YEARS: at most
  8, 3 to 5 for the years around 2025. Every row is added to (INSERT … ON CONFLICT … cents + excluded
  cents) like the month rows, so two transactions writing at once lose nothing, and a backdated change or
  a restructure (its part taken away, then added back) keeps the blocks right as it keeps the months.
- **Reading** a stock at the end of month m of year Y: the blocks whose union is every year up to Y - 1
  (i, i - lowbit(i), … down to 0: at most 7, 3 for 2024 or 2025), plus the month rows of Y up to m; at the
  end of December, the blocks up to Y and no month row. So at most 7 + 11 rows a group and a figure,
  whatever the number of years kept.
"""

from __future__ import annotations

BASE = 2000
YEARS = 128  # 2000–2127
PREFIX = "y."
# Codes of the stock figures the rollups keep (besides rollup_sql.STOCKS): members in arrears, per
# threshold and window (rollup_arrears.py).
ARREARS_PREFIX = "arrears."


def index(year: int) -> int:
    """The year's index in the tree (1 for BASE and every year before it)."""
    return max(1, year - BASE + 1)


def year_of(i: int) -> int:
    return BASE + i - 1


def lowbit(i: int) -> int:
    return i & -i


def written_blocks(year: int) -> list[int]:
    """The months (yyyy00) of the blocks a change of `year` is added to: none after the last year."""
    i = index(year)
    out = []
    while i <= YEARS:
        out.append(year_of(i) * 100)
        i += lowbit(i)
    return out


def read_blocks(year: int) -> list[int]:
    """The months (yyyy00) of the blocks whose union is every year up to `year` (BASE's block holds the years
    before it too). Empty before BASE."""
    if year < BASE:
        return []
    i = min(index(year), YEARS)
    out = []
    while i > 0:
        out.append(year_of(i) * 100)
        i -= lowbit(i)
    return out


def window(last: int) -> tuple[list[int], int]:
    """How a stock at the end of month `last` (yyyymm) is read: (the blocks' months, the first month row)
    — the blocks plus the month rows from the first to `last`. A year the blocks do not cover is read from
    every month row up to `last`, as before the blocks."""
    year, month = divmod(last, 100)
    if year >= BASE + YEARS or year - 1 < BASE:
        return [], 0
    if month == 12:
        return read_blocks(year), (year + 1) * 100 + 1  # the blocks up to the year, no month row
    return read_blocks(year - 1), year * 100 + 1


def block_code(code: str) -> str:
    return PREFIX + code


def code_of(block: str) -> str:
    """The figure's code of a rollup code, a block's or a month row's."""
    return block[len(PREFIX) :] if block.startswith(PREFIX) else block


def blocks_sql(rows: str, stocks: list[str]) -> str:
    """SQL (no parameters) of the block rows (anc, child, mo, code, c) that the month rows of the
    relation `rows` (anc, child, mo, code, c) add to, for the codes of `stocks` and of members in arrears.
    Uses the relation `yr_blocks(yr, node)`: every year of `rows` with the index of each block it lies in
    (`years_cte`)."""
    codes = ", ".join(f"'{c}'" for c in stocks)  # the catalogue's own codes: letters and underscores
    return (
        f"SELECT r.anc, r.child, ({BASE} + b.node - 1) * 100 AS mo, '{PREFIX}' || r.code AS code, "
        f"SUM(r.c) AS c FROM {rows} r JOIN yr_blocks b ON b.yr = r.mo / 100 "
        f"WHERE r.code IN ({codes}) OR SUBSTR(r.code, 1, {len(ARREARS_PREFIX)}) = '{ARREARS_PREFIX}' "
        f"GROUP BY r.anc, r.child, b.node, r.code"
    )


def years_cte(rows: str) -> str:
    """The CTEs `yr_blocks(yr, node)` for the years of `rows` (column mo, yyyymm): each year and the index of
    every block a change of that year is added to (i, i + lowbit(i), … up to YEARS)."""
    first = f"CASE WHEN r.mo / 100 < {BASE} THEN 1 ELSE r.mo / 100 - {BASE} + 1 END"
    return (
        f"yr_blocks(yr, node) AS (SELECT DISTINCT r.mo / 100, {first} FROM {rows} r "
        f"WHERE r.mo / 100 < {BASE + YEARS} "
        f"UNION ALL SELECT yr, node + (node & -node) FROM yr_blocks WHERE node + (node & -node) <= {YEARS})"
    )
