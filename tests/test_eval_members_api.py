"""The evaluation API: evaluations of a unit and year, one evaluation, propose and decide, the rules in force,
training registrations and results; same scope rules and error shape as every endpoint."""

from decimal import Decimal

import pytest
from django.test import Client

from doanvu.accounts.models import ApiToken
from doanvu.evaluation.models import (
    EvaluationPolicy,
    MemberEvaluation,
    TrainingRegistration,
)

from .test_eval_member_factories import YEAR, exemplary, roster


@pytest.fixture
def api(db):
    def _api(user):
        _token, raw = ApiToken.issue(user=user, name="test")
        return Client(headers={"authorization": f"Bearer {raw}"})

    return _api


@pytest.fixture
def branch(tree, people):
    members = roster(tree.branch_a1, people.own, ["Nguyễn Văn An", "Trần Thị Bình"])
    exemplary(tree.branch_a1, members[:1])
    return members


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_branch_proposes_and_the_grassroots_union_decides_through_the_api(tree, people, branch, api):
    an, binh = branch
    response = post(
        api(people.own),
        "/api/evaluations/propose",
        {"member": an.pk, "year": YEAR, "level": "outstanding", "on": "2025-12-20"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["step"], body["flags"], body["inputs"]["attendance_pct"]) == ("proposed", [], 100.0)
    flagged = post(
        api(people.own),
        "/api/evaluations/propose",
        {"member": binh.pk, "year": YEAR, "level": "outstanding", "on": "2025-12-20"},
    ).json()
    assert [f["code"] for f in flagged["flags"]] == ["attendance", "training", "dues"]
    refused = post(
        api(people.approver),
        f"/api/evaluations/{flagged['id']}/decide",
        {"level": "outstanding", "on": "2025-12-28"},
    )
    assert refused.status_code == 422 and refused.json()["errors"]["level"][0].startswith(
        "Trần Thị Bình: Chưa có số liệu"
    )
    decided = post(
        api(people.approver),
        f"/api/evaluations/{body['id']}/decide",
        {"level": "outstanding", "on": "2025-12-28", "decision_number": "15-QĐ"},
    )
    assert decided.status_code == 200
    assert (decided.json()["decided_level"], decided.json()["decision_unit"]) == ("outstanding", "XA")
    listing = api(people.above).get(f"/api/evaluations/?unit=XA&year={YEAR}").json()
    assert listing["count"] == 2 and {r["member_name"] for r in listing["results"]} == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
    }
    assert api(people.viewer).get(f"/api/evaluations/{body['id']}/").json()["decision_number"] == "15-QĐ"


def test_the_self_assessment_is_entered_by_the_branch(tree, people, branch, api):
    response = post(
        api(people.own),
        "/api/evaluations/self",
        {"member": branch[0].pk, "year": YEAR, "level": "good", "note": "Cố gắng", "on": "2025-12-10"},
    )
    assert response.status_code == 201 and response.json()["self_level"] == "good"
    bad = post(
        api(people.own),
        "/api/evaluations/self",
        {"member": branch[0].pk, "year": YEAR, "level": "good", "on": "10/12/2025"},
    )
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["errors"]["on"][0]


def test_personas_on_the_evaluation_endpoints(tree, people, branch, api):
    step = {"member": branch[0].pk, "year": YEAR, "level": "good", "on": "2025-12-20"}
    assert post(api(people.sibling), "/api/evaluations/propose", step).status_code == 404
    assert post(api(people.viewer), "/api/evaluations/propose", step).status_code == 403
    assert post(api(people.viewer), "/api/evaluations/self", step).status_code == 403
    assert not MemberEvaluation.objects.exists()
    proposal = post(api(people.own), "/api/evaluations/propose", step).json()
    decide = {"level": "good", "on": "2025-12-28"}
    assert api(people.sibling).get(f"/api/evaluations/{proposal['id']}/").status_code == 404
    assert api(people.sibling).get(f"/api/evaluations/?unit=CA1&year={YEAR}").status_code == 404
    assert post(api(people.sibling), f"/api/evaluations/{proposal['id']}/decide", decide).status_code == 404
    assert post(api(people.viewer), f"/api/evaluations/{proposal['id']}/decide", decide).status_code == 403
    assert post(api(people.own), f"/api/evaluations/{proposal['id']}/decide", decide).status_code == 403
    assert api(people.sibling).get(f"/api/evaluations/?year={YEAR}").json()["count"] == 0
    assert MemberEvaluation.objects.get().decided_level == ""


def test_the_rules_in_force_say_who_set_them(tree, people, api):
    EvaluationPolicy.objects.create(
        unit=tree.grassroots_a, year=YEAR, outstanding_max_share_pct=Decimal("20.5")
    )
    rules = api(people.own).get(f"/api/evaluation-rules/?unit=CA1&year={YEAR}").json()
    assert (rules["set_by"], rules["outstanding_max_share_pct"], rules["outstanding_min_attendance_pct"]) == (
        "XA",
        20.5,
        90.0,
    )
    assert api(people.own).get("/api/evaluation-rules/?unit=CA1&year=2024").json()["set_by"] is None
    assert api(people.sibling).get(f"/api/evaluation-rules/?unit=CA1&year={YEAR}").status_code == 404


def test_training_is_registered_listed_and_evaluated_through_the_api(tree, people, branch, api):
    created = post(
        api(people.own),
        "/api/trainings/",
        {"unit": "CA1", "year": YEAR, "on": "2025-03-01", "commitments": "Học tập"},
    )
    assert created.status_code == 201 and {r["member_name"] for r in created.json()} == {"Trần Thị Bình"}
    listing = api(people.above).get(f"/api/trainings/?unit=XA&year={YEAR}").json()
    assert listing["count"] == 2
    reg = next(r for r in listing["results"] if r["member_name"] == "Trần Thị Bình")
    done = post(
        api(people.own), f"/api/trainings/{reg['id']}/evaluate", {"result": "good", "on": "2025-08-15"}
    )
    assert done.status_code == 200 and done.json()["result"] == "good"
    bad = post(
        api(people.own), f"/api/trainings/{reg['id']}/evaluate", {"result": "great", "on": "2025-08-15"}
    )
    assert bad.status_code == 422 and bad.json()["errors"]["result"] == [
        "Trần Thị Bình: hãy chọn kết quả rèn luyện."
    ]


def test_personas_on_the_training_endpoints(tree, people, branch, api):
    one = {"member": branch[1].pk, "year": YEAR, "on": "2025-03-01"}
    assert post(api(people.sibling), "/api/trainings/", one).status_code == 404
    assert (
        post(
            api(people.sibling), "/api/trainings/", {"unit": "CA1", "year": YEAR, "on": "2025-03-01"}
        ).status_code
        == 404
    )
    assert post(api(people.viewer), "/api/trainings/", one).status_code == 403
    assert not TrainingRegistration.objects.filter(member=branch[1]).exists()
    reg = TrainingRegistration.objects.get(member=branch[0])
    result = {"result": "good", "on": "2025-08-15"}
    assert post(api(people.sibling), f"/api/trainings/{reg.pk}/evaluate", result).status_code == 404
    assert post(api(people.viewer), f"/api/trainings/{reg.pk}/evaluate", result).status_code == 403
    assert api(people.sibling).get(f"/api/trainings/?unit=CA1&year={YEAR}").status_code == 404
    assert api(people.viewer).get(f"/api/trainings/?unit=CA1&year={YEAR}").json()["count"] == 1
