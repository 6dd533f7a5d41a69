"""The demo province: Tỉnh đoàn Trà Vinh as its 2023 inspection found it, filled with generated members.

Deterministic: one `random.Random(seed)` drives everything, so the same seed and member count give the
same tree, names and citizen IDs. Units are created through `unit_create` (so the tree has its history);
members, their history, transfers and positions are written in bulk, because the generator must load
50,000 members in well under a minute. Member history is dated: a member appears in the history on the
day they joined (or when the demo tree opened), and each later step — Party stages, a transfer, coming
of age, removal — is a dated change, so "members of unit X on date D" works on the demo too.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.accounts.models import Officer, Role
from doanvu.demo.evaluation import (
    EvaluationSummary,
    seed_evaluation,
)
from doanvu.demo.member_logins import create_member_logins
from doanvu.demo.people import (
    MemberMaker,
    leaders,
    positions,
    snapshots,
)
from doanvu.demo.records import (
    RecordsSummary,
    seed_records,
)
from doanvu.demo.tree import (
    BLOC_CODE,
    KHCN_CODE,
    ROOT_CODE,
    START,
    UNIVERSITY_CODE,
    Spec,
    plan_tree,
)
from doanvu.lib import changes
from doanvu.members.models import Member, Position, Transfer
from doanvu.org.kinds import ensure_default_kinds
from doanvu.org.models import OrgUnit, UnitKind
from doanvu.org.services import unit_create
from doanvu.stats import rollup_build

__all__ = [
    "BLOC_CODE",
    "DEFAULT_MEMBERS",
    "DEFAULT_SEED",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "KHCN_CODE",
    "ROOT_CODE",
    "START",
    "UNIVERSITY_CODE",
    "DemoSummary",
    "RecordsSummary",
    "demo_exists",
    "seed_demo",
]

DEFAULT_SEED = 2023  # the year of the inspection the demo follows
DEFAULT_MEMBERS = 5000
DEMO_PASSWORD = "doanvu-demo"
# (username, unit code or None for the site admin, role). README and scripts/run.sh list the same.
DEMO_LOGINS = [
    ("tinhdoan", ROOT_CODE, Role.EDITOR),
    ("huyendoan", "TV-CL", Role.EDITOR),
    ("doankhoi", BLOC_CODE, Role.APPROVER),
    ("chidoan", KHCN_CODE, Role.EDITOR),
    ("xem", ROOT_CODE, Role.VIEWER),
    ("admin", None, None),
]


@dataclass
class DemoSummary:
    units: int = 0
    branches: int = 0
    members: int = 0
    pending_transfers: int = 0
    party_members: int = 0
    turning_30: int = 0
    logins: list[str] = field(default_factory=list)
    records: RecordsSummary | None = None
    evaluation: EvaluationSummary | None = None
    seconds: float = 0.0

    def line(self) -> str:
        text = _(
            "Đã nạp Tỉnh đoàn Trà Vinh (dữ liệu mẫu): %(units)s đơn vị, %(branches)s chi đoàn, "
            "%(members)s đoàn viên (%(party)s đảng viên, %(pending)s đang chờ chuyển sinh hoạt, "
            "%(turning)s tròn 30 tuổi trong năm nay), %(logins)s tài khoản mẫu — %(seconds)s giây."
        ) % {
            "units": number_format(self.units, force_grouping=True),
            "branches": number_format(self.branches, force_grouping=True),
            "members": number_format(self.members, force_grouping=True),
            "party": number_format(self.party_members, force_grouping=True),
            "pending": number_format(self.pending_transfers, force_grouping=True),
            "turning": number_format(self.turning_30, force_grouping=True),
            "logins": len(self.logins),
            "seconds": number_format(self.seconds, 1),
        }
        lines = [text]
        if self.records:
            lines.append(self.records.line())
        if self.evaluation and self.evaluation.line():
            lines.append(self.evaluation.line())
        return "\n".join(lines)


def demo_exists() -> bool:
    return OrgUnit.objects.filter(code=ROOT_CODE).exists()


@transaction.atomic
def seed_demo(
    *,
    members: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
    records: bool = True,
) -> DemoSummary:
    """Create the demo province with `members` members and, unless `records` is false, its work records of
    2025 and 2026 up to `today` (records.py) and the 2025 evaluation (evaluation/). The caller checks
    `demo_exists()` first. The demo is written in bulk without keeping the figures' rollups, which are
    then built once from its records."""
    with changes.suspended():
        summary = _seed(members=members, seed=seed, today=today, records=records)
    rollup_build.rebuild()
    return summary


def _seed(*, members: int, seed: int, today: datetime.date | None, records: bool) -> DemoSummary:
    started = time.monotonic()
    today = today or datetime.date.today()
    rng = random.Random(seed)
    specs = plan_tree(rng, members, today)
    units = _create_units(specs)
    maker = MemberMaker(rng, today, specs)
    people: list[Member] = []
    holders = [s for s in specs if s.flavour]
    for spec in holders:
        people.extend(maker.make(spec, units[spec.code]) for _i in range(spec.size))
    transfers = maker.transfers(people, units)
    for person in people:
        person.normalise()  # bulk_create does not call save()
    Member.objects.bulk_create(people, batch_size=2000)
    for at in range(0, len(people), 5000):  # in slices, so 50,000 members do not double the memory
        chunk = people[at : at + 5000]
        Member.history.bulk_history_create(snapshots(chunk, initial=True), batch_size=2000)
        Member.history.bulk_history_create(snapshots(chunk, initial=False), batch_size=2000, update=True)
    for transfer in transfers:
        transfer.member_id = transfer.member.pk
    Transfer.objects.bulk_create(transfers, batch_size=2000)
    Position.objects.bulk_create(positions(rng, today, specs, units, people), batch_size=2000)
    Position.objects.bulk_create(leaders(seed, today, specs, units, people), batch_size=2000)
    logins = _create_logins(units) + create_member_logins(DEMO_PASSWORD)
    summary = DemoSummary(
        units=len(specs),
        branches=len(holders),
        members=len(people),
        pending_transfers=sum(t.state == Transfer.State.PENDING for t in transfers),
        party_members=sum(p.party_probationary_on is not None for p in people),
        turning_30=sum(p.date_of_birth.year == today.year - 30 and p.is_current for p in people),
        logins=logins,
    )
    if records:
        summary.records = seed_records(rng=rng, today=today, specs=specs, units=units, people=people)
        # The 2025 evaluation reads the records (attendance, dues, reports, targets): it comes with them.
        summary.evaluation = seed_evaluation(rng=rng, today=today, specs=specs, units=units, people=people)
        summary.party_members = sum(p.party_probationary_on is not None for p in people)  # admissions since
    audit_log(
        actor=None,
        action="demo.seed",
        unit=units[ROOT_CODE],
        effective_on=today,
        summary=_("Nạp dữ liệu mẫu: %(n)s đoàn viên")
        % {"n": number_format(len(people), force_grouping=True)},
        data={"members": members, "seed": seed, "records": records},
    )
    summary.seconds = time.monotonic() - started
    return summary


def _create_units(specs: list[Spec]) -> dict[str, OrgUnit]:
    ensure_default_kinds()
    kinds = {k.code: k for k in UnitKind.objects.all()}
    units: dict[str, OrgUnit] = {}
    for spec in specs:
        units[spec.code] = unit_create(
            parent=units[spec.parent] if spec.parent else None,
            kind=kinds[spec.kind],
            name=spec.name,
            code=spec.code,
            on=START,
            by=None,
            place=spec.place,
            check_permission=False,
            reason=_("Dữ liệu mẫu"),
        )
    return units


def _create_logins(units: dict[str, OrgUnit]) -> list[str]:
    """The demo officers. An existing account of the same name is left as it is."""
    User = get_user_model()
    created = []
    for username, code, role in DEMO_LOGINS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, is_staff=code is None, is_superuser=code is None)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if code is not None:
            Officer.objects.create(user=user, unit=units[code], role=role)
        created.append(username)
    return created
