"""Writes of criteria sets (bộ tiêu chí): create, edit the header and the rows while a draft, issue, copy
last year's set, build a whole set from a nested structure. Every write checks EDIT on the issuing unit
(an editor of the issuer or of a unit above it), validates with Vietnamese messages, runs in one
transaction and writes its audit entry in it (criteria_set.create/update/copy/import/issue).

One module per part: sets (the header: create, update, issue), rows (criteria, contents, conditions of a
draft), structures (build, replace, copy; the nested structure is described there), what they share in
_common. Everything public is importable from here.
"""

from ._common import AFTER_ISSUE_FIELDS, DEFAULT_THRESHOLDS, HEADER_FIELDS
from .rows import condition_save, content_save, criterion_save, row_delete, row_move
from .sets import criteria_set_create, criteria_set_issue, criteria_set_update
from .structures import criteria_set_build, criteria_set_copy, criteria_set_replace_structure

__all__ = [
    "AFTER_ISSUE_FIELDS",
    "DEFAULT_THRESHOLDS",
    "HEADER_FIELDS",
    "condition_save",
    "content_save",
    "criteria_set_build",
    "criteria_set_copy",
    "criteria_set_create",
    "criteria_set_issue",
    "criteria_set_replace_structure",
    "criteria_set_update",
    "criterion_save",
    "row_delete",
    "row_move",
]
