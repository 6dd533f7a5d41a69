"""The blocks of years the stocks are read from (doanvu/stats/rollup_years.py): every year before a
stock's year lies in exactly one block read, every change is written to every block read for the years
after it, and a stock reads a handful of rows whatever the number of years kept. No database."""

from doanvu.stats import rollup_years as ry


def _years_of(block_month: int) -> range:
    last = block_month // 100
    i = ry.index(last)
    return range(last - ry.lowbit(i) + 1, last + 1)


def test_the_blocks_read_for_a_year_cover_every_year_up_to_it_once():
    for year in range(ry.BASE, ry.BASE + ry.YEARS):
        covered = [y for block in ry.read_blocks(year) for y in _years_of(block)]
        assert sorted(covered) == list(range(ry.BASE, year + 1))


def test_a_change_reaches_a_stock_of_a_later_year_through_exactly_one_block():
    for changed in (1995, 2000, 2019, 2020, 2024, 2025, 2026, 2090):
        for read in range(max(changed, ry.BASE), ry.BASE + ry.YEARS):
            shared = set(ry.written_blocks(changed)) & set(ry.read_blocks(read))
            assert len(shared) == 1, (changed, read)
        for read in range(ry.BASE, changed):
            assert not set(ry.written_blocks(changed)) & set(ry.read_blocks(read)), (changed, read)


def test_a_stock_of_2025_reads_three_blocks_and_a_december_none_of_the_months():
    assert ry.window(202510) == (ry.read_blocks(2024), 202501)
    assert len(ry.read_blocks(2024)) <= 3
    blocks, first = ry.window(202512)
    assert blocks == ry.read_blocks(2025) and first == 202601
    assert max(len(ry.read_blocks(y)) for y in range(ry.BASE, ry.BASE + ry.YEARS)) <= 7
    assert max(len(ry.written_blocks(y)) for y in range(1900, 2200)) <= 8


def test_a_year_outside_the_blocks_is_read_from_every_month_as_before():
    assert ry.window(199906) == ([], 0)
    assert ry.window(200006) == ([], 0)  # no block holds the years before 2000 alone
    assert ry.window(220001) == ([], 0)
    assert ry.written_blocks(2200) == []


def test_a_blocks_code_maps_back_to_its_figure():
    assert ry.code_of(ry.block_code("members")) == "members"
    assert ry.code_of("arrears.3.mid") == "arrears.3.mid"
