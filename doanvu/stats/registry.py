"""Sources of figures kept by the apps above the figures engine.

The engine (core.py) computes the indicators whose records it knows itself — activities, direct values,
meetings, dues, the member registry (sources.py) — and imports none of the apps above it (reports,
evaluation, api). An app above that keeps figures of its own registers a source here when Django starts,
from its AppConfig.ready():

    register_source("evaluation", codes=CODES, figures=figures)

A source names the indicator codes it computes and gives `figures(frame, codes) -> Groups`: for the codes
asked of it (`codes` holds every code being computed; it answers those it knows), {group key: {code:
value}} keyed the way frame.py keys records — OWN ("") for the unit's own records, a direct child's
lineage segment, TOTAL ("*") for the whole sub-tree. The engine asks a source only when some of its codes
are wanted, and merges what it answers after its own figures, source by source in the order they
registered. An indicator of source "evaluation" that no registered source computes is left out of
`values`. Registering again under the same name replaces the source.

A source written outside stats needs only this module: Frame, Groups and the helpers `rows`, `count`
and `with_total`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from doanvu.stats.frame import Frame
from doanvu.stats.sources import Groups, with_total
from doanvu.stats.sources import _count as count
from doanvu.stats.sources import _rows as rows

__all__ = [
    "Frame",
    "Groups",
    "Source",
    "count",
    "register_source",
    "registered",
    "registered_codes",
    "year_end_codes",
    "rows",
    "with_total",
]

Figures = Callable[[Frame, set[str]], Groups]


@dataclass(frozen=True)
class Source:
    name: str
    codes: frozenset[str]
    figures: Figures
    # Every record of the source is dated 31/12 (year-end evaluation): a period without a 31/12 has none.
    year_end: bool = False


_sources: dict[str, Source] = {}
_codes: frozenset[str] = frozenset()


def register_source(name: str, *, codes: Iterable[str], figures: Figures, year_end: bool = False) -> Source:
    """Add (or replace) the source called `name`, which computes the indicators of `codes`; `year_end`:
    every record it counts is dated 31/12."""
    global _codes
    source = Source(name, frozenset(codes), figures, year_end)
    _sources[name] = source
    _codes = frozenset().union(*(s.codes for s in _sources.values()))
    return source


def registered() -> list[Source]:
    """The registered sources, in the order they registered."""
    return list(_sources.values())


def registered_codes() -> frozenset[str]:
    """Every indicator code some registered source computes."""
    return _codes


def year_end_codes() -> frozenset[str]:
    """The codes of the sources whose records are all dated 31/12."""
    return frozenset().union(*(s.codes for s in _sources.values() if s.year_end))
