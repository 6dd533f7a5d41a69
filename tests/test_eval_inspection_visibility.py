"""Who sees what, pages and API (docs/domain.md, "Self-assessment and inspection"). TV's plan inspects
HA and HB: a unit's assessment and visit are seen by its own officers and those above it; an officer of
the other district gets 404 on them — always, also once the ranking is published; the ranking is seen by
the province's officers always and by the districts' officers only from its publication date, and then
shows units, totals, ranks and levels, never another unit's evidence."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.inspection.services import assessment as assessment_services
from doanvu.evaluation.inspection.services import visits as services

from . import test_eval_inspection_factories as factories
from .test_eval_inspection_factories import condition, fill, pdf

inspection, media = factories.inspection, factories.media
HA_PROOF = "Biên bản học tập nghị quyết Huyện đoàn A"
HB_PROOF = "Biên bản học tập nghị quyết Huyện đoàn B"


@pytest.fixture
def world(inspection, people):
    fill(inspection.a, inspection.editor_a, {"1.1": "9", "1.2": "8"})
    fill(inspection.b, inspection.editor_b, {"1.1": "10", "1.2": "6"})
    inspection.proof_a = assessment_services.assessment_evidence_add(
        assessment=inspection.a,
        condition=condition(inspection.set, "1.1"),
        kind="file",
        upload=pdf(),
        title=HA_PROOF,
        by=inspection.editor_a,
    )
    assessment_services.assessment_evidence_add(
        assessment=inspection.b,
        condition=condition(inspection.set, "1.1"),
        kind="note",
        note=HB_PROOF,
        by=inspection.editor_b,
    )
    for assessment, by in ((inspection.a, inspection.editor_a), (inspection.b, inspection.editor_b)):
        assessment_services.assessment_submit(assessment=assessment, by=by)
    return inspection


def api(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


def pages_of_a(world) -> list[str]:
    return [
        f"/danh-gia/tu-cham/{world.a.pk}/",
        f"/danh-gia/kiem-tra/don-vi/{world.visit_a.pk}/",
        f"/danh-gia/tu-cham/minh-chung/{world.proof_a.pk}/",
    ]


def api_of_a(world) -> list[str]:
    return [
        f"/api/assessments/{world.a.pk}/",
        f"/api/inspection-visits/{world.visit_a.pk}/",
        f"/api/evidence/{world.proof_a.pk}/file",
    ]


def test_the_units_own_officers_and_those_above_see_its_assessment_visit_and_evidence(world, people, login):
    for user in (world.editor_a, world.viewer_a, people.province_officer, people.viewer, people.admin):
        client = login(user)
        for url in pages_of_a(world):
            assert client.get(url).status_code == 200, (user.username, url)
        for url in api_of_a(world):
            assert api(user).get(url).status_code == 200, (user.username, url)


def test_another_district_a_unit_below_or_a_branch_gets_404_on_the_units_assessment(world, people, login):
    for user in (world.editor_b, world.xa_editor, people.own, people.sibling, people.approver):
        client = login(user)
        for url in pages_of_a(world):
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert HA_PROOF not in response.content.decode()
        for url in api_of_a(world):
            assert api(user).get(url).status_code == 404, (user.username, url)


def test_another_district_still_gets_404_after_the_ranking_is_published(world, people, login):
    services.ranking_publish(plan=world.plan, by=people.province_officer)
    client = login(world.editor_b)
    for url in pages_of_a(world):
        assert client.get(url).status_code == 404
    for url in api_of_a(world):
        assert api(world.editor_b).get(url).status_code == 404


def test_the_assessment_list_of_another_district_does_not_include_the_unit(world, people):
    body = api(world.editor_b).get(f"/api/assessments/?criteria_set={world.set.pk}").json()
    assert [row["unit"] for row in body["results"]] == ["HB"]
    body = api(people.province_officer).get(f"/api/assessments/?criteria_set={world.set.pk}").json()
    assert [row["unit"] for row in body["results"]] == ["HA", "HB"]


def test_the_ranking_is_the_issuers_until_published(world, people, login):
    ranking = f"/danh-gia/kiem-tra/{world.plan.pk}/xep-hang/"
    assert login(people.province_officer).get(ranking).status_code == 200
    assert login(people.viewer).get(ranking).status_code == 200
    for user in (world.editor_a, world.editor_b, world.viewer_a):
        assert login(user).get(ranking).status_code == 404
        assert api(user).get(f"/api/inspection-plans/{world.plan.pk}/ranking").status_code == 404


def test_a_publication_date_in_the_future_keeps_the_ranking_hidden(world, people, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.ranking_publish(plan=world.plan, on=tomorrow, by=people.province_officer)
    assert login(world.editor_b).get(f"/danh-gia/kiem-tra/{world.plan.pk}/xep-hang/").status_code == 404


def test_once_published_the_units_see_totals_ranks_and_levels_but_not_each_others_evidence(
    world, people, login
):
    services.ranking_publish(plan=world.plan, by=people.province_officer)
    page = login(world.editor_b).get(f"/danh-gia/kiem-tra/{world.plan.pk}/xep-hang/").content.decode()
    assert "Huyện đoàn A" in page and "Huyện đoàn B" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page  # HA: 17 of 18
    assert f"/danh-gia/kiem-tra/don-vi/{world.visit_a.pk}/" not in page  # no way into HA's visit
    assert f"/danh-gia/kiem-tra/don-vi/{world.visit_b.pk}/" in page
    assert HA_PROOF not in page
    body = api(world.editor_b).get(f"/api/inspection-plans/{world.plan.pk}/ranking").json()
    assert body["published"] is True
    assert [(r["unit"], r["final_score"], r["rank"], r["visit"] is not None) for r in body["rows"]] == [
        ("HA", 17, 1, False),
        ("HB", 16, 2, True),
    ]


def test_before_publication_a_district_sees_the_plan_with_its_own_row_only(world, people, login):
    page = login(world.editor_b).get(f"/danh-gia/kiem-tra/{world.plan.pk}/").content.decode()
    assert "Huyện đoàn B" in page and "Huyện đoàn A" not in page
    assert "Bảng xếp hạng" not in page
    body = api(world.editor_b).get(f"/api/inspection-plans/{world.plan.pk}/").json()
    assert [row["unit"] for row in body["visits"]] == ["HB"]
    full = api(people.province_officer).get(f"/api/inspection-plans/{world.plan.pk}/").json()
    assert [row["unit"] for row in full["visits"]] == ["HA", "HB"]


def test_units_not_inspected_do_not_see_the_plan(world, people, login):
    assert login(people.own).get(f"/danh-gia/kiem-tra/{world.plan.pk}/").status_code == 404
    assert api(people.own).get(f"/api/inspection-plans/{world.plan.pk}/").status_code == 404
    assert api(people.own).get("/api/inspection-plans/").json()["results"] == []
    assert [p["number"] for p in api(world.editor_b).get("/api/inspection-plans/").json()["results"]] == [
        "128-KH/UBKTTĐ"
    ]


def test_officers_above_read_but_do_not_score_the_units_assessment(world, people, login):
    target = condition(world.set, "1.1")
    world.a.refresh_from_db()
    url = f"/danh-gia/tu-cham/{world.a.pk}/dieu-kien/{target.pk}/"
    assert login(people.province_officer).post(url, {"points": "1"}).status_code == 403
    assert login(world.viewer_a).post(url, {"points": "1"}).status_code == 403
    assert login(world.editor_b).post(url, {"points": "1"}).status_code == 404
    response = api(people.province_officer).put(
        f"/api/assessments/{world.a.pk}/scores/{target.pk}", {"points": 1}, content_type="application/json"
    )
    assert response.status_code == 403


def test_only_the_issuers_editors_inspect_on_the_pages_and_in_the_api(world, people, login):
    target = condition(world.set, "1.1")
    url = f"/danh-gia/kiem-tra/don-vi/{world.visit_a.pk}/dieu-kien/{target.pk}/"
    assert login(world.editor_a).post(url, {"points": "1"}).status_code == 403
    assert login(people.viewer).post(url, {"points": "1"}).status_code == 403
    assert login(world.editor_b).post(url, {"points": "1"}).status_code == 404
    api_url = f"/api/inspection-visits/{world.visit_a.pk}/scores/{target.pk}"
    assert api(world.editor_a).put(api_url, {"points": 1}, content_type="application/json").status_code == 403
    assert api(world.editor_b).put(api_url, {"points": 1}, content_type="application/json").status_code == 404
    reject = f"/api/inspection-visits/{world.visit_a.pk}/evidence/{world.proof_a.pk}/reject"
    assert (
        api(world.editor_b).post(reject, {"reason": "x"}, content_type="application/json").status_code == 404
    )
    assert (
        api(world.editor_a).post(reject, {"reason": "x"}, content_type="application/json").status_code == 403
    )
    assert world.a.scores.filter(inspector_points__isnull=False).count() == 0
