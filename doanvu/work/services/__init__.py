"""Writes to work records: activities with their figures and evidence, direct values, targets, and an upper
level's own indicators and movements. Each checks the user's role on the unit (doanvu.accounts.scope),
validates, refuses writes into a period whose report is locked (`ensure_unlocked`), runs in one transaction
and writes its audit entry in that transaction. Everything public is importable from here; what they read
(the indicators and movements a unit may use, an activity's organisers) is in doanvu.work.selectors.

Meetings and dues have their own modules (doanvu.work.meetings, doanvu.work.dues).
"""

from ._common import (
    ensure_unlocked,
    lock_message,
    locking_report,
    parse_period,
)
from .activities import (
    activity_create,
    activity_delete,
    activity_figures_set,
    activity_update,
    clean_figures,
)
from .attachments import ALLOWED, attachment_add, attachment_check, attachment_remove, upload_max_mb
from .catalogue import (
    indicator_create,
    indicator_set_active,
    indicator_update,
    indicator_usage,
    movement_create,
    movement_set_active,
    movement_update,
)
from .values import TARGET_PERIOD_KINDS, direct_value_set, direct_values_set, target_set, targets_hand_down

__all__ = [
    "ALLOWED",
    "TARGET_PERIOD_KINDS",
    "activity_create",
    "activity_delete",
    "activity_figures_set",
    "activity_update",
    "attachment_add",
    "attachment_check",
    "attachment_remove",
    "clean_figures",
    "direct_value_set",
    "direct_values_set",
    "ensure_unlocked",
    "indicator_create",
    "indicator_set_active",
    "indicator_update",
    "indicator_usage",
    "lock_message",
    "locking_report",
    "movement_create",
    "movement_set_active",
    "movement_update",
    "parse_period",
    "target_set",
    "targets_hand_down",
    "upload_max_mb",
]
