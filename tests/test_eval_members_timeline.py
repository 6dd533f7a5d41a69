"""The member's timeline shows each year's evaluation steps and training result."""

from doanvu.evaluation.members import services as evaluation
from doanvu.evaluation.training import services as training
from doanvu.members.timeline import member_timeline

from .test_eval_member_factories import DECIDED_ON, ON, YEAR, D, exemplary, roster


def test_the_timeline_has_the_evaluation_steps_and_the_training_result(tree, people, login):
    an = roster(tree.branch_a1, people.own, ["Nguyễn Văn An"])[0]
    exemplary(tree.branch_a1, [an])
    registration = an.trainings.get()
    training.training_evaluate(registration=registration, result="good", on=D(2025, 8, 15), by=people.own)
    evaluation.evaluation_self(
        member=an, year=YEAR, level="good", note="Cố gắng hơn", on=D(2025, 12, 10), by=people.own
    )
    proposal = evaluation.evaluation_propose(member=an, year=YEAR, level="good", on=ON, by=people.own)
    evaluation.evaluation_decide(
        evaluation=proposal, level="good", on=DECIDED_ON, decision_number="15-QĐ/ĐTN", by=people.approver
    )
    titles = [
        (item.day, item.title) for item in member_timeline(an) if item.kind in ("evaluation", "training")
    ]
    assert titles == [
        (D(2025, 12, 28), "Xếp loại đoàn viên năm 2025: hoàn thành tốt nhiệm vụ"),
        (D(2025, 12, 20), "Chi đoàn A1 đề xuất xếp loại năm 2025: hoàn thành tốt nhiệm vụ"),
        (D(2025, 12, 10), "Tự đánh giá năm 2025: hoàn thành tốt nhiệm vụ"),
        (D(2025, 8, 15), "Kết quả rèn luyện đoàn viên năm 2025: Tốt"),
        (D(2025, 2, 1), "Đăng ký chương trình rèn luyện đoàn viên năm 2025"),
    ]
    # No audit entry repeats a step the records already show.
    assert not [item for item in member_timeline(an) if item.kind == "audit"]
    html = login(people.own).get(f"/doan-vien/{an.pk}/").content.decode()
    assert "Xếp loại đoàn viên năm 2025: hoàn thành tốt nhiệm vụ" in html
    assert "Đoàn xã A; Quyết định số 15-QĐ/ĐTN" in html and "Cố gắng hơn" in html


def test_a_flagged_proposal_shows_its_reasons_on_the_timeline(tree, people):
    an = roster(tree.branch_a1, people.own, ["Nguyễn Văn An"])[0]
    evaluation.evaluation_propose(member=an, year=YEAR, level="outstanding", on=ON, by=people.own)
    item = next(i for i in member_timeline(an) if i.kind == "evaluation")
    assert "Chưa có số liệu điểm danh sinh hoạt chi đoàn năm 2025" in item.note and item.by == "own"
