"""The figures of year-end evaluation (indicators of source "evaluation"), one grouped query each: a source
of the figures engine (doanvu.stats.registry), registered by EvaluationConfig.ready().

- A member evaluation is counted once decided (the grassroots union's decision), by its decided level,
  in the branch it was evaluated in, placed in the tree as it stood on its `as_of` day (31/12 of its year).
  So a decided evaluation counts in every period containing 31/12 of its year (the year, its second half,
  its fourth quarter, December, the school year and the term around it).
- `members_evaluated` is the number of decided evaluations; `members_evaluated_pct` (a ratio of the
  catalogue) divides it by `members` at the period's end.
- `training_registered` counts the year's training-programme registrations, dated 31/12 of their year too,
  in the branch that registered them.

Both are flows: they add up the tree (a parent's value is its own plus its children's).
"""

from __future__ import annotations

from doanvu.evaluation.models import (
    Level,
    MemberEvaluation,
    TrainingRegistration,
    year_end,
)
from doanvu.lib import request_memo
from doanvu.stats.registry import Frame, Groups, count, register_source, rows, with_total

EVALUATION = MemberEvaluation._meta.db_table
TRAINING = TrainingRegistration._meta.db_table

LEVEL_CODES = {
    Level.OUTSTANDING: "members_outstanding",
    Level.GOOD: "members_good",
    Level.COMPLETED: "members_completed",
    Level.NOT_COMPLETED: "members_not_completed",
}
EVALUATION_CODES = ("members_evaluated", *LEVEL_CODES.values())
TRAINING_CODES = ("training_registered",)
CODES = frozenset({*EVALUATION_CODES, *TRAINING_CODES})


def evaluations(frame: Frame) -> Groups:
    """Decided evaluations whose `as_of` lies in the period, by level, where their branch stood that day."""
    period = frame.period
    # Every evaluation is dated 31/12: a period without one, or whose years have none decided yet (the
    # year's dashboard, read all year before December), has none.
    if not any(_decided_in(year) for year in frame.period.years_ending()):
        return with_total({}, EVALUATION_CODES)
    units, units_params = frame.units_ever_under("e.unit_id")
    facts = (
        f"SELECT e.unit_id AS unit_id, e.as_of AS day, e.decided_level AS level FROM {EVALUATION} e "
        f"WHERE e.decided_level <> '' AND e.as_of >= %s AND e.as_of <= %s AND {units}"
    )
    levels = list(LEVEL_CODES)
    aggregates = ", ".join(["COUNT(*)", *("SUM(CASE WHEN f.level = %s THEN 1 ELSE 0 END)" for _ in levels)])
    sql, params = frame.grouped(
        facts,
        [period.start, period.end, *units_params],
        aggregates,
        aggregate_params=[str(v) for v in levels],
    )
    groups: Groups = {}
    for key, total, *per_level in rows(sql, params) if frame.exists else []:
        values = {"members_evaluated": count(total)}
        for level, n in zip(levels, per_level, strict=True):
            values[LEVEL_CODES[level]] = count(n)
        groups[key] = values
    return with_total(groups, EVALUATION_CODES)


def _decided_in(year: int) -> bool:
    """Whether any evaluation of the year is decided, anywhere (one look at an index, once per page)."""
    return request_memo.remember(
        ("evaluations decided", year),
        MemberEvaluation.objects.filter(as_of=year_end(year)).exclude(decided_level="").exists,
    )


def _registered_in(year: int) -> bool:
    """Whether any training registration of the year exists, anywhere (once per page)."""
    return request_memo.remember(
        ("trainings registered", year), TrainingRegistration.objects.filter(year=year).exists
    )


def trainings(frame: Frame) -> Groups:
    """Registrations of the years whose 31/12 lies in the period, where the branch stood on that 31/12.
    One query per such year (a term has five)."""
    groups: Groups = {}
    for year in frame.period.years_ending():
        day = year_end(year)
        if frame.span_on(day) is None or not _registered_in(year):
            continue
        units, units_params = frame.units_ever_under("t.unit_id")
        facts = f"SELECT t.unit_id AS unit_id FROM {TRAINING} t WHERE t.year = %s AND {units}"
        sql, params = frame.grouped(facts, [year, *units_params], "COUNT(*)", fixed=day)
        for key, n in rows(sql, params):
            values = groups.setdefault(key, {})
            values["training_registered"] = values.get("training_registered", 0) + count(n)
    return with_total(groups, TRAINING_CODES)


def figures(frame: Frame, codes: set[str]) -> Groups:
    """The evaluation figures among `codes`, {group key: {code: value}} as the other sources give them."""
    out: Groups = {}
    parts = []
    if codes & set(EVALUATION_CODES):
        parts.append(evaluations(frame))
    if codes & set(TRAINING_CODES):
        parts.append(trainings(frame))
    for groups in parts:
        for key, values in groups.items():
            out.setdefault(key, {}).update(values)
    return out


def register() -> None:
    register_source("evaluation", codes=CODES, figures=figures, year_end=True)
