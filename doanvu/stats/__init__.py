"""Summing up the tree, the contract other modules call (docs/architecture.md, "From a record to a report").

    from doanvu.stats import unit_stats, stats_json, UnitStats, indicators_for, shared_activities

The rules are in core.py, the SQL in frame.py (where a record lies in the tree on its date) and sources.py
(one grouped query per source of figures); the figures kept by the apps above come from the sources they
register in registry.py.
"""

from doanvu.stats.core import (
    UnitStats,
    indicators_for,
    shared_activities,
    stats_json,
    unit_stats,
)

__all__ = ["UnitStats", "indicators_for", "shared_activities", "stats_json", "unit_stats"]
