"""Numbers typed the way people write them in the other forms that take numbers (direct values, targets,
dues, the member evaluation's rules): saved in full, or refused next to the box with the text kept
(docs/architecture.md, "Numbers as people type them"). Through the real views."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from doanvu.evaluation.inspection.services.assessment import assessment_open
from doanvu.evaluation.models import EvaluationPolicy
from doanvu.work.models import DirectValue, DuesPayment, Target

from .test_eval_inspection_factories import condition, make_set
from .test_eval_member_factories import YEAR
from .test_work_dues_views import branch, url  # noqa: F401
from .test_work_factories import catalogue, media  # noqa: F401

POLICY = "/danh-gia/doan-vien/quy-dinh/"
POLICY_DATA = {
    "unit": "HA",
    "year": YEAR,
    "outstanding_min_attendance_pct": "95",
    "outstanding_training_result": "outstanding",
    "good_min_attendance_pct": "70",
    "completed_min_attendance_pct": "50",
    "max_unpaid_dues_months": "2",
    "outstanding_max_share_pct": "20",
}


@pytest.mark.usefixtures("catalogue")
def test_a_direct_value_typed_with_a_thousands_dot_is_saved_in_full(tree, people, login):
    client = login(people.own)
    data = {"unit": "CA1", "period": "2025Q1", "val_news_articles": "1.500"}
    assert client.post(reverse("work:direct_values"), data).status_code == 302
    assert DirectValue.objects.get().value == 1500


@pytest.mark.usefixtures("catalogue")
def test_a_direct_count_with_a_decimal_comma_is_refused_and_nothing_saved(tree, people, login):
    client = login(people.own)
    data = {"unit": "CA1", "period": "2025Q1", "val_news_articles": "1,5"}
    html = client.post(reverse("work:direct_values"), data).content.decode()
    assert "«1,5» không phải số nguyên" in html
    assert not DirectValue.objects.exists()


@pytest.mark.usefixtures("catalogue")
def test_a_target_set_with_a_thousands_dot_is_saved_in_full(tree, people, login):
    data = {"unit": "CA1", "period": "2025", "action": "set", "indicator": "participations", "value": "1.200"}
    assert login(people.own).post(reverse("work:targets"), data).status_code == 302
    assert Target.objects.get().value == 1200


@pytest.mark.usefixtures("catalogue")
def test_a_target_that_cannot_be_read_keeps_the_typed_text_next_to_its_message(tree, people, login):
    data = {"unit": "CA1", "period": "2025", "action": "set", "indicator": "participations", "value": "1,500"}
    html = login(people.own).post(reverse("work:targets"), data).content.decode()
    assert "«1,500» là 1.500 hay 1,5?" in html and 'value="1,500"' in html
    assert not Target.objects.exists()


def test_a_dues_amount_typed_as_10k_is_ten_thousand_dong(branch, people, login):  # noqa: F811
    data = {
        "unit": "CA1",
        "year": "2025",
        "month": "202503",
        "paid_on": "2025-03-26",
        "paid": [branch.official.pk],
        f"amount-{branch.official.pk}": "10k",
    }
    login(people.own).post(url("dues", unit="CA1", year=2025), data, follow=True)
    assert DuesPayment.objects.get().amount == 10_000


def test_a_rule_percentage_takes_a_decimal_comma_and_refuses_an_ambiguous_one(tree, people, login):
    client = login(people.above)
    assert client.post(POLICY, {**POLICY_DATA, "outstanding_min_attendance_pct": "87,5"}).status_code == 302
    policy = EvaluationPolicy.objects.get(unit=tree.district_a, year=YEAR)
    assert policy.outstanding_min_attendance_pct == Decimal("87.5")
    bad = client.post(POLICY, {**POLICY_DATA, "good_min_attendance_pct": "1,500"})
    assert bad.status_code == 400
    assert "«1,500» là 1.500 hay 1,5?" in bad.content.decode() and 'value="1,500"' in bad.content.decode()


@pytest.mark.usefixtures("media")
def test_a_self_assessed_score_typed_with_a_dot_is_kept_and_an_ambiguous_one_comes_back_as_typed(
    tree, people, login
):
    criteria_set = make_set(tree.province, [tree.district_a], deadline=datetime.date(2100, 1, 1))
    assessment = assessment_open(criteria_set=criteria_set, unit=tree.district_a, by=people.above)
    target = condition(criteria_set, "1.1")
    client = login(people.above)
    address = f"/danh-gia/tu-cham/{assessment.pk}/dieu-kien/{target.pk}/"
    client.post(address, {"points": "7.5"}, headers={"HX-Request": "true"})
    assert assessment.scores.get(condition=target).self_points == Decimal("7.5")
    body = client.post(address, {"points": "7,500"}, headers={"HX-Request": "true"}).content.decode()
    assert "«7,500» là 7.500 hay 7,5?" in body and 'value="7,500" aria-invalid="true"' in body
    assert assessment.scores.get(condition=target).self_points == Decimal("7.5")
