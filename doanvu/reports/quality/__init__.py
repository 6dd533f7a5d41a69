"""Data quality: the checks a unit's figures pass on entry and before its report goes up.

    from doanvu.reports import quality
    quality.unit_issues(unit=, period=)        # the unit's own issues: what its submission is checked against
    quality.quality_overview(unit=, period=)   # every unit of its sub-tree: its data-quality page

- checks.py: the pure checks on figures (no database) and the Issue / UnitIssues shapes;
- records.py: what the checks read (indicator names, rules, activities, explanations);
- subtree.py: the totals of every unit of a sub-tree in a bounded number of queries;
- selectors.py: a unit's issues and its sub-tree's;
- services.py: explaining a warning.

Errors block submission. Warnings need a written Explanation (per unit, period and check key).
"""

from django.core.exceptions import ValidationError

from .checks import (
    CHECK_LABELS,
    ERROR,
    OUTLIER_FACTOR,
    OUTLIER_HISTORY,
    OUTLIER_MIN_HISTORY,
    PAIRS,
    PERCENT_CODES,
    RECORD_PAIRS,
    WARNING,
    Issue,
    UnitIssues,
    check_label,
    check_record_figures,
    check_values,
    outlier_issues,
    rule_issues,
)
from .records import flow_codes, indicator_names, rules_for
from .selectors import (
    SEVERITIES,
    Overview,
    filter_issues,
    issue_counts,
    period_units,
    quality_overview,
    subtree_issues,
    subtree_units,
    unit_issues,
)
from .services import explanation_save
from .subtree import unit_totals

__all__ = [
    "CHECK_LABELS",
    "ERROR",
    "OUTLIER_FACTOR",
    "OUTLIER_HISTORY",
    "OUTLIER_MIN_HISTORY",
    "PAIRS",
    "PERCENT_CODES",
    "RECORD_PAIRS",
    "SEVERITIES",
    "WARNING",
    "Issue",
    "Overview",
    "UnitIssues",
    "ValidationError",
    "check_label",
    "check_record_figures",
    "check_values",
    "explanation_save",
    "filter_issues",
    "flow_codes",
    "indicator_names",
    "issue_counts",
    "outlier_issues",
    "period_units",
    "quality_overview",
    "rule_issues",
    "rules_for",
    "subtree_issues",
    "subtree_units",
    "unit_issues",
    "unit_totals",
]
