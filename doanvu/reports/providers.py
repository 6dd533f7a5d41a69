"""Notes other parts of the project add to a chapter of the work report, without reports importing them.

reports sits below evaluation: it may not import it. Yet a report of a period that holds a year's end
states the unit's own classification of that year, which evaluation keeps. So evaluation registers a
provider here when Django starts (EvaluationConfig.ready), and report_data asks every provider:

    register_chapter_notes("evaluation.classification", classification_notes)

A provider is a function `(unit, period) -> {work area code: [sentence, …]}`. The sentences of a chapter,
from every provider in the order they registered, go in one paragraph after the chapter's own figures
(prose.chapter_paragraphs); an empty sentence is left out. Registering again under the same name replaces
the provider, so a second ready() does not write a sentence twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from doanvu.lib.periods import Period
from doanvu.org.models import OrgUnit

ChapterNotes = Callable[[OrgUnit, Period], Mapping[str, list[str]]]

_providers: dict[str, ChapterNotes] = {}


def register_chapter_notes(name: str, provider: ChapterNotes) -> None:
    """Add (or replace) the provider called `name`."""
    _providers[name] = provider


def chapter_notes(*, unit: OrgUnit, period: Period) -> dict[str, list[str]]:
    """Work area code → the sentences every provider adds to that chapter of `unit`'s report for `period`."""
    out: dict[str, list[str]] = {}
    for provider in _providers.values():
        for code, sentences in provider(unit, period).items():
            out.setdefault(code, []).extend(sentences)
    return out
