"""Summing up the tree, the contract other modules call (docs/architecture.md, "From a record to a report").

    from doanvu.stats import unit_stats, stats_json, UnitStats, indicators_for, shared_activities, stock_series

The rules are in core.py, the SQL in frame.py (where a record lies in the tree on its date) and sources.py
(one grouped query per source of figures); the figures kept by the apps above come from the sources they
register in registry.py. The pre-summed figures (the `Rollup` model) are kept by rollups.py.

This package is also a Django app (its models are the rollups), so the names are imported on first use:
the app registry imports the package before the models of the other apps are ready.
"""

from importlib import import_module

__all__ = [
    "UnitStats",
    "catalogue",
    "flow_history",
    "indicators_for",
    "shared_activities",
    "stats_json",
    "stock_series",
    "unit_stats",
]


def __getattr__(name: str):
    if name in __all__:
        return getattr(import_module("doanvu.stats.core"), name)
    raise AttributeError(f"module 'doanvu.stats' has no attribute {name!r}")
