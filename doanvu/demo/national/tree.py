"""The national tree as a plan: every unit with where it hangs and what it is called from each date.

Pure planning, nothing here touches the database. Until 30 June 2025: the central union, its agencies'
bloc, and the 63 provincial unions, each with district unions over commune unions and other grassroots
units, a bloc of the province's agencies and a directly-attached union (the police's). From 1 July 2025
(docs/national.md, "The 2025 reform"): the 34 provinces' unions, the first of each group keeping its union
and the others closing; district unions dissolved; commune unions merged about three into one and hung
directly under the provincial union, the closed ones' branches moved to the one that took them over;
the districts' other grassroots units moved to the provincial bloc; the closing provinces' blocs merged
into the bloc of the province that stays and their attached unions moved whole under it; a new central
bloc for the Fatherland Front's and mass organisations' agencies.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from doanvu.demo.national import places

START = datetime.date(2020, 1, 1)
REFORM = datetime.date(2025, 7, 1)
MEMBERS = 7_100_000  # members at --scale 1 (rows of the register, those who came of age included)
MEMBERS_PER_BRANCH = 28
BRANCHES_PER_GRASSROOTS = 17
GRASSROOTS_PER_DISTRICT = 20
COMMUNES_MERGED = 3  # commune unions that became one (about 10,000 communes → 3,321)


@dataclass
class Unit:
    id: int
    code: str
    kind: str
    place: str
    start: datetime.date
    # (first day, parent id, name): where the unit hangs and what it is called from that day on.
    placements: list[tuple[datetime.date, int | None, str]]
    end: datetime.date | None = None
    flavour: str = ""  # branches and grassroots: "commune" or "agency"
    members: int = 0  # branches: members planned
    province: str = ""  # the code of the old province it lay in
    merged_into: int | None = None  # the unit that took it over at the reform

    @property
    def name(self) -> str:
        return self.placements[-1][2]

    @property
    def parent_id(self) -> int | None:
        return self.placements[-1][1]

    def parent_on(self, day: datetime.date) -> int | None:
        parent = None
        for first, parent_id, _name in self.placements:
            if first <= day:
                parent = parent_id
        return parent

    def active_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


@dataclass
class Plan:
    units: list[Unit] = field(default_factory=list)
    # old province code → its union; new province (its first code) → the old codes it was formed from
    provinces: dict[str, Unit] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    blocs: dict[str, Unit] = field(default_factory=dict)

    def add(self, code: str, kind: str, parent: Unit | None, name: str, **extra) -> Unit:
        start = extra.pop("start", START)
        unit = Unit(
            id=len(self.units) + 1,
            code=code,
            kind=kind,
            place=extra.pop("place", parent.place if parent else ""),
            start=start,
            placements=[(start, parent.id if parent else None, name)],
            province=extra.pop("province", parent.province if parent else ""),
            **extra,
        )
        self.units.append(unit)
        return unit

    def children(self) -> dict[int, list[Unit]]:
        out: dict[int, list[Unit]] = {}
        for unit in self.units:
            for _day, parent_id, _name in unit.placements:
                if parent_id is not None and unit not in out.setdefault(parent_id, []):
                    out[parent_id].append(unit)
        return out


def _sizes(rng: random.Random, total: int, parts: int, low: int) -> list[int]:
    """`total` split into `parts` sizes of at least `low`, unevenly."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    spare = max(0, total - low * parts)
    scale = spare / sum(weights)
    return [low + round(w * scale) for w in weights]


class Planner:
    def __init__(self, rng: random.Random, scale: float):
        self.rng = rng
        self.scale = scale
        self.plan = Plan()

    def build(self) -> Plan:
        centre = self.plan.add("TW", "central", None, "Trung ương Đoàn TNCS Hồ Chí Minh", place="Hà Nội")
        centre_bloc = self.plan.add("TW-K", "bloc", centre, "Đoàn Khối các cơ quan Trung ương")
        agencies = [
            self._grassroots(centre_bloc, f"TW-K-G{i:02d}", "agency", places.PlaceNames(self.rng))
            for i in range(1, 5)
        ]
        total = sum(p[3] for p in places.OLD_PROVINCES)
        for code, name, city, people, districts in places.OLD_PROVINCES:
            members = max(60, round(MEMBERS * self.scale * people / total))
            self._province(centre, code, name, city, members, districts)
        self._reform(centre, agencies)
        return self.plan

    # -- before the reform -------------------------------------------------------------------------------

    def _province(self, centre: Unit, code: str, name: str, city: bool, members: int, districts: int):
        plan = self.plan
        unit = plan.add(code, "province", centre, places.union_name(name, city), place=name, province=code)
        plan.provinces[code] = unit
        names = places.PlaceNames(self.rng)
        branches = max(8, round(members / MEMBERS_PER_BRANCH))
        grassroots = max(4, round(branches / BRANCHES_PER_GRASSROOTS))
        district_count = max(2, min(districts, round(grassroots / GRASSROOTS_PER_DISTRICT)))
        bloc = plan.add(f"{code}-K", "bloc", unit, f"Đoàn Khối các cơ quan {unit.name.split(' ', 2)[2]}")
        plan.blocs[code] = bloc
        police = plan.add(f"{code}-CA", "attached", unit, f"Đoàn Thanh niên Công an {self._of(name, city)}")
        holders = [self._grassroots(bloc, f"{code}-K-G01", "agency", names)]
        holders.append(self._grassroots(police, f"{code}-CA-G01", "agency", names))
        per_district = _sizes(self.rng, grassroots - 2, district_count, 2)
        for d, count in enumerate(per_district, start=1):
            place = names.next()
            word = "Quận đoàn" if city and d <= district_count // 2 else "Huyện đoàn"
            district = plan.add(f"{code}-D{d:02d}", "district", unit, f"{word} {place}", place=place)
            local = places.PlaceNames(self.rng)
            for g in range(1, count + 1):
                flavour = "agency" if g > 1 and self.rng.random() < 0.25 else "commune"
                holders.append(self._grassroots(district, f"{district.code}-G{g:03d}", flavour, local))
        sizes = _sizes(self.rng, branches - 2 * len(holders), len(holders), 0)
        for holder, extra in zip(holders, sizes, strict=True):
            self._branches(holder, 2 + extra, members / branches)

    @staticmethod
    def _of(name: str, city: bool) -> str:
        """ "tỉnh Trà Vinh", "thành phố Hà Nội", "Thành phố Hồ Chí Minh" (the word is already in its name)."""
        if not city:
            return f"tỉnh {name}"
        return name if name.startswith("Thành phố") else f"thành phố {name}"

    def _grassroots(self, parent: Unit, code: str, flavour: str, names: places.PlaceNames) -> Unit:
        place = names.next()
        if flavour == "commune":
            word = "phường" if self.rng.random() < 0.2 else "xã"
            name = f"Đoàn {word} {place}"
        else:
            name = "Đoàn cơ sở " + self.rng.choice(places.AGENCIES).format(place=place)
        return self.plan.add(code, "grassroots", parent, name, flavour=flavour)

    def _branches(self, holder: Unit, count: int, average: float) -> None:
        for n in range(1, count + 1):
            if holder.flavour == "commune":
                name = (
                    f"Chi đoàn {self.rng.choice(places.VILLAGE_WORDS)} {self.rng.choice(places.PLACE_WORDS)}"
                )
            else:
                name = self.rng.choice(places.AGENCY_BRANCHES).format(n=n)
            size = max(3, round(average * self.rng.uniform(0.45, 1.55)))
            self.plan.add(
                f"{holder.code}-C{n:02d}", "branch", holder, name, flavour=holder.flavour, members=size
            )

    # -- 1 July 2025 -------------------------------------------------------------------------------------

    def _reform(self, centre: Unit, agencies: list[Unit]) -> None:
        plan = self.plan
        front = plan.add(
            "TW-KMT",
            "bloc",
            centre,
            "Đoàn Khối các cơ quan Mặt trận Tổ quốc và các đoàn thể Trung ương",
            start=REFORM,
        )
        for unit in agencies[len(agencies) // 2 :]:
            unit.placements.append((REFORM, front.id, unit.name))
        children = plan.children()
        for group in places.NEW_PROVINCES:
            head = plan.provinces[group[0]]
            plan.groups[group[0]] = group
            head_bloc = plan.blocs[group[0]]
            for old in group:
                province = plan.provinces[old]
                for child in children.get(province.id, []):
                    if child.kind == "district":
                        self._dissolve_district(child, head, head_bloc, children)
                    elif old != group[0] and child.kind == "bloc":
                        child.end = REFORM
                        child.merged_into = head_bloc.id
                        for grassroots in children.get(child.id, []):
                            grassroots.placements.append((REFORM, head_bloc.id, grassroots.name))
                    elif old != group[0]:
                        child.placements.append((REFORM, head.id, child.name))
                if old != group[0]:
                    province.end = REFORM
                    province.merged_into = head.id

    def _dissolve_district(self, district: Unit, head: Unit, bloc: Unit, children: dict[int, list[Unit]]):
        district.end = REFORM
        communes = [u for u in children.get(district.id, []) if u.flavour == "commune"]
        for unit in children.get(district.id, []):
            if unit.flavour == "agency":
                unit.placements.append((REFORM, bloc.id, unit.name))
        names = places.PlaceNames(self.rng)
        for i in range(0, len(communes), COMMUNES_MERGED):
            survivor, *merged = communes[i : i + COMMUNES_MERGED]
            word = "phường" if "phường" in survivor.name else "xã"
            survivor.placements.append((REFORM, head.id, f"Đoàn {word} {names.next()}"))
            for unit in merged:
                unit.end = REFORM
                unit.merged_into = survivor.id
                for branch in children.get(unit.id, []):
                    branch.placements.append((REFORM, survivor.id, branch.name))


def plan_tree(rng: random.Random, scale: float) -> Plan:
    return Planner(rng, scale).build()
