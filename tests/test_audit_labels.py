"""Every action the code writes to the audit log has a Vietnamese label on the audit page."""

import re
from pathlib import Path

import doanvu
from doanvu.accounts.selectors import ACTION_LABELS, action_label

ACTION = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def actions_written_by_the_code() -> set[str]:
    root = Path(doanvu.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        found.update(ACTION.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_audited_action_in_the_code_has_a_label():
    actions = actions_written_by_the_code()
    assert len(actions) > 40  # the scan finds the audit calls
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_a_label_reads_as_vietnamese_words_not_the_code():
    assert action_label("report.submit") == "Gửi báo cáo"
    assert action_label("inspection.evidence_reject") == "Không chấp nhận minh chứng"
