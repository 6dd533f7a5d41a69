"""A merge carries the records over: from the day two unions become one, the one that goes on counts the
other's work before the merge in its own figures — the 2025 reform's new provinces add both halves of the
year — whether the figures are read from the rollups or summed from the records."""

import datetime
from decimal import Decimal

import pytest

from doanvu.lib import periods
from doanvu.org.services import unit_merge, unit_rename
from doanvu.stats import unit_stats

from .conftest import make_officer, make_unit
from .test_members_factories import admit
from .test_stats_factories import activity

D = datetime.date
REFORM = D(2025, 7, 1)


@pytest.fixture
def country(db):
    admin = make_officer("quantri", None, superuser=True)
    root = make_unit(None, "province", "Trung ương", "TW")
    old = {}
    for code in ("VL", "BT"):
        province = make_unit(root, "province", f"Tỉnh đoàn {code}", code)
        district = make_unit(province, "district", f"Huyện đoàn {code}", f"{code}-H")
        branch = make_unit(district, "branch", f"Chi đoàn {code}", f"{code}-H-1")
        old[code] = (province, district, branch)
    for code, (_province, _district, branch) in old.items():
        activity(branch, D(2025, 3, 10), participations=10 if code == "VL" else 25)
        for _ in range(2 if code == "VL" else 3):
            admit(branch, admin, joined_on=D(2025, 2, 1))
    unit_merge(source=old["BT"][0], target=old["VL"][0], on=REFORM, by=admin, reason="Hợp nhất tỉnh")
    for unit_tuple in old.values():
        for unit in unit_tuple:
            unit.refresh_from_db()
    activity(old["VL"][2], D(2025, 9, 2), participations=4)
    return admin, old


@pytest.mark.parametrize("from_rollups", [True, False], ids=["rollups", "records"])
def test_the_province_that_goes_on_counts_the_others_first_half_in_its_year(country, from_rollups):
    _admin, old = country
    province = old["VL"][0]
    year = unit_stats(unit=province, period=periods.parse("2025"), from_rollups=from_rollups)
    assert year.values["participations"] == Decimal(39)  # 10 + 25 before the merge, 4 after
    assert year.values["activities"] == Decimal(3)
    assert year.values["members"] == Decimal(5)  # Bến Tre's districts and members moved over on 1/7
    first_half = unit_stats(unit=province, period=periods.parse("2025S1"), from_rollups=from_rollups)
    assert first_half.values["participations"] == Decimal(35)
    assert first_half.values["members"] == Decimal(5)  # both provinces' members on 30/6
    second_half = unit_stats(unit=province, period=periods.parse("2025S2"), from_rollups=from_rollups)
    assert second_half.values["participations"] == Decimal(4)
    names = {child.unit.code for child in year.children}
    assert names == {"VL-H", "BT-H"}  # the merged province's district is a row of the table


@pytest.mark.parametrize("from_rollups", [True, False], ids=["rollups", "records"])
def test_the_merged_province_keeps_its_own_figures_up_to_the_merge(country, from_rollups):
    _admin, old = country
    gone = old["BT"][0]
    year = unit_stats(unit=gone, period=periods.parse("2025"), from_rollups=from_rollups)
    assert year.values["participations"] == Decimal(25)
    assert year.values["members"] == Decimal(0)  # on 31/12 it no longer exists
    before = unit_stats(unit=gone, period=periods.parse("2025S1"), from_rollups=from_rollups)
    assert before.values["members"] == Decimal(3)


def test_the_country_counts_every_record_once_across_the_merge(country):
    _admin, old = country
    root = old["VL"][0].get_parent()
    for from_rollups in (True, False):
        year = unit_stats(unit=root, period=periods.parse("2025"), from_rollups=from_rollups)
        assert year.values["participations"] == Decimal(39)
        assert year.values["members"] == Decimal(5)


def test_the_province_that_goes_on_is_named_as_it_stood_in_the_period_not_as_the_one_it_took_in(country):
    admin, old = country
    province = old["VL"][0]
    unit_rename(
        unit=province,
        name="Tỉnh đoàn Vĩnh Long mới",
        short_name="",
        on=D(2025, 10, 1),
        by=admin,
        reason="Đổi tên",
    )
    province.refresh_from_db()
    assert unit_stats(unit=province, period=periods.parse("2025S1")).name == "Tỉnh đoàn VL"
    assert unit_stats(unit=province, period=periods.parse("2025")).name == "Tỉnh đoàn Vĩnh Long mới"
