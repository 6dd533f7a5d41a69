"""The demo tree: which units the demo province has, their codes and names, and how many members each
branch gets. Pure planning: nothing here touches the database."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from doanvu.demo import names
from doanvu.lib.vntext import fold

ROOT_CODE = "TV"
BLOC_CODE = "TV-DK"
UNIVERSITY_CODE = "TV-DHTV"
KHCN_CODE = "TV-DK-KHCN"
KHCN_MEMBERS = 15
START = datetime.date(2015, 1, 1)  # the demo tree is active from this day
# With this many members or more every commune of the province gets its union; fewer members, fewer
# communes, so that a small demo still has full branches.
FULL_TREE_MEMBERS = 20000
MEMBERS_PER_BRANCH = 22  # the average the branch count is derived from; sizes vary from 3 to 60


@dataclass
class Spec:
    """A unit to create. `flavour` is set on units members belong to: village, agency, school…"""

    code: str
    name: str
    kind: str
    parent: str | None
    place: str = ""
    flavour: str = ""
    region: str = ""  # the district-level code suffix, for the ethnic mix
    address: str = ""  # where its members live ("ấp Chợ, xã An Trường, huyện Càng Long, tỉnh Trà Vinh")
    age: tuple[int, int] | None = None  # fixed ages for school and university classes
    size: int = 0


def _abbrev(name: str) -> str:
    """The initials of a name, for stable unit codes: "An Trường A" → "ATA", "Phường 1" → "P1"."""
    return "".join(word[0] if not word.isdigit() else word for word in fold(name).split()).upper()


def school_year(today: datetime.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def plan_tree(rng: random.Random, members: int, today: datetime.date) -> list[Spec]:
    frac = min(1.0, members / FULL_TREE_MEMBERS)
    specs = [Spec(ROOT_CODE, "Tỉnh đoàn Trà Vinh", "province", None, place=names.PROVINCE)]
    containers: list[Spec] = []  # units that hold branches
    for suffix, name, kind, local, communes in names.DISTRICTS:
        code = f"{ROOT_CODE}-{suffix}"
        place = local.split(" ", 1)[1].removeprefix("xã ").removeprefix("phố ")
        specs.append(Spec(code, name, kind, ROOT_CODE, place=place))
        # The district town, the school and at least one commune; then a deterministic choice of more.
        candidates = [communes[0], names.SCHOOLS[suffix], *communes[1:]]
        count = max(3, round(len(candidates) * frac))
        chosen = set(candidates[:2]) | set(rng.sample(candidates[2:], count - 2))
        taken: set[str] = set()
        for commune in [c for c in communes if c in chosen] + [names.SCHOOLS[suffix]]:
            is_school = commune == names.SCHOOLS[suffix]
            abbr = "THPT" if is_school else _abbrev(commune)
            while abbr in taken:
                abbr += "X"
            taken.add(abbr)
            union = f"Đoàn {commune}" if is_school else names.commune_union_name(commune)
            address = "" if is_school else f"{names.commune_label(commune)}, {local}, tỉnh {names.PROVINCE}"
            spec = Spec(
                f"{code}-{abbr}",
                union,
                "grassroots",
                code,
                place=place,
                flavour="school" if is_school else "village",
                region=suffix,
                address=address,
            )
            specs.append(spec)
            containers.append(spec)
    specs.append(
        Spec(BLOC_CODE, "Đoàn Khối các cơ quan và doanh nghiệp tỉnh", "bloc", ROOT_CODE, place=names.PROVINCE)
    )
    bloc_branches = names.BLOC_BRANCHES[:1] + rng.sample(
        names.BLOC_BRANCHES[1:], max(2, round(len(names.BLOC_BRANCHES) * frac)) - 1
    )
    for abbr, agency in [b for b in names.BLOC_BRANCHES if b in bloc_branches]:
        specs.append(
            Spec(
                f"{BLOC_CODE}-{abbr}",
                f"Chi đoàn {agency}",
                "grassroots_branch",
                BLOC_CODE,
                place=names.PROVINCE,
                flavour="agency",
                region="DK",
                size=KHCN_MEMBERS if abbr == "KHCN" else 0,
            )
        )
    bloc_unions = rng.sample(names.BLOC_GRASSROOTS, max(1, round(len(names.BLOC_GRASSROOTS) * frac)))
    for abbr, agency, _departments in [g for g in names.BLOC_GRASSROOTS if g in bloc_unions]:
        spec = Spec(
            f"{BLOC_CODE}-{abbr}",
            f"Đoàn cơ sở {agency}",
            "grassroots",
            BLOC_CODE,
            place=names.PROVINCE,
            flavour="agency",
            region="DK",
        )
        specs.append(spec)
        containers.append(spec)
    specs.append(
        Spec(UNIVERSITY_CODE, "Đoàn Trường Đại học Trà Vinh", "attached", ROOT_CODE, place=names.PROVINCE)
    )
    faculties = rng.sample(names.UNIVERSITY_FACULTIES, max(2, round(len(names.UNIVERSITY_FACULTIES) * frac)))
    for abbr, faculty, _classes in [f for f in names.UNIVERSITY_FACULTIES if f in faculties]:
        spec = Spec(
            f"{UNIVERSITY_CODE}-{abbr}",
            f"Liên chi đoàn {faculty}",
            "inter_branch",
            UNIVERSITY_CODE,
            place=names.PROVINCE,
            flavour="university",
            region="DHTV",
        )
        specs.append(spec)
        containers.append(spec)
    _plan_branches(rng, members, today, specs, containers)
    _plan_sizes(
        rng, members, [s for s in specs if s.flavour and s.kind != "grassroots" and s.kind != "inter_branch"]
    )
    return specs


def _plan_branches(
    rng: random.Random, members: int, today: datetime.date, specs: list[Spec], containers: list[Spec]
) -> None:
    """Add each container's branches (at least two, the grassroots minimum) after it in `specs`."""
    holders = sum(1 for s in specs if s.kind == "grassroots_branch")
    total = max(2 * len(containers), members // MEMBERS_PER_BRANCH - holders)
    weights = [rng.uniform(0.5, 1.5) for _c in containers]
    extra = _apportion(total - 2 * len(containers), weights, [10**9] * len(containers))
    year = school_year(today)
    for container, more in zip(containers, extra, strict=True):
        branches = _branch_names(rng, container, 2 + more, year)
        at = specs.index(container) + 1
        new = []
        for i, (name, flavour, age) in enumerate(branches, start=1):
            address = container.address
            if name.startswith("Chi đoàn ấp ") or name.startswith("Chi đoàn khóm "):
                address = f"{name.removeprefix('Chi đoàn ')}, {container.address}"
            new.append(
                Spec(
                    f"{container.code}-{i:02d}",
                    name,
                    "branch",
                    container.code,
                    place=container.place,
                    flavour=flavour,
                    region=container.region,
                    address=address,
                    age=age,
                )
            )
        specs[at:at] = new
        # The container itself holds no members; its branches do.
        container.flavour = ""


def _branch_names(rng: random.Random, container: Spec, count: int, year: int):
    """`count` (name, flavour, fixed ages) for the branches of a container, by the container's kind."""
    out: list[tuple[str, str, tuple[int, int] | None]] = []
    if container.flavour == "village":
        if container.name.startswith(("Đoàn Thị trấn", "Đoàn Phường")):
            return [(f"Chi đoàn khóm {i}", "village", None) for i in range(1, count + 1)]
        hamlets = rng.sample(names.HAMLETS, min(count, len(names.HAMLETS)))
        hamlets += [str(i) for i in range(len(hamlets) + 1, count + 1)]
        return [(f"Chi đoàn ấp {h}", "village", None) for h in hamlets]
    if container.flavour == "school":
        for i in range(count):
            grade = 10 + i % 3
            out.append((f"Chi đoàn lớp {grade}A{i // 3 + 1}", "school", (grade + 6, grade + 6)))
        return out
    if container.flavour == "agency":
        departments = next(d for a, _n, d in names.BLOC_GRASSROOTS if container.code.endswith(f"-{a}"))
        pool = departments + [d for d in names.AGENCY_DEPARTMENTS if d not in departments]
        for i in range(count):
            suffix = f" {i // len(pool) + 1}" if i >= len(pool) else ""
            out.append((f"Chi đoàn {pool[i % len(pool)]}{suffix}", "agency", None))
        return out
    # A university faculty: the staff's branch, then classes of the last four intakes.
    classes = next(c for a, _n, c in names.UNIVERSITY_FACULTIES if container.code.endswith(f"-{a}"))
    out.append(("Chi đoàn Cán bộ – Giảng viên", "staff", None))
    letters = "ABCDEFGH"
    combos = [
        (intake, pattern, letter)
        for letter in letters
        for intake in range(year, year - 4, -1)
        for pattern in classes
    ]
    for intake, pattern, letter in combos[: count - 1]:
        label = pattern.format(y=str(intake)[2:]) + letter
        age = 18 + (year - intake)
        out.append((f"Chi đoàn lớp {label}", "university", (age, age + 1)))
    return out


def _apportion(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, never above `caps` (largest remainders get the rest)."""
    out = [0] * len(weights)
    remaining = total
    open_ = [i for i in range(len(weights)) if caps[i] > 0]
    while remaining > 0 and open_:
        weight = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight for i in open_}
        given = 0
        for i in open_:
            add = min(int(shares[i]), caps[i] - out[i])
            out[i] += add
            given += add
        leftovers = sorted(open_, key=lambda i: shares[i] - int(shares[i]), reverse=True)
        for i in leftovers:
            if given >= remaining:
                break
            if out[i] < caps[i]:
                out[i] += 1
                given += 1
        remaining -= given
        open_ = [i for i in open_ if out[i] < caps[i]]
        if given == 0:
            break
    return out


def _plan_sizes(rng: random.Random, members: int, holders: list[Spec]) -> None:
    """Give each branch 3 to 60 members (school classes up to 45), `members` in all."""
    fixed = [h for h in holders if h.size]
    for h in fixed:
        h.size = min(h.size, members)
    rest = [h for h in holders if h not in fixed]
    left = members - sum(h.size for h in fixed)
    caps = [45 if h.flavour == "school" else 60 for h in rest]
    base = min(3, left // max(1, len(rest)))
    weights = [rng.lognormvariate(0, 1.0) for _h in rest]
    extra = _apportion(left - base * len(rest), weights, [c - base for c in caps])
    for holder, more in zip(rest, extra, strict=True):
        holder.size = base + more
    short = members - sum(h.size for h in holders)
    for holder in rest[:short]:  # only when the members outnumber every branch's cap: rare, small
        holder.size += 1
