"""Writes to members: each lifecycle step checks permission (doanvu.accounts.scope), validates, runs in one
transaction and writes its audit entry in that transaction. History (simple-history) is dated by the step's
effective date where it has one, so "members of unit X on date D" follows the decisions, not data entry.

One module per part of a member's life; everything public is importable from here.
"""

from ._common import ADMIT_FIELDS, PARTY_ORDER, PARTY_STAGE_FIELDS, STATUS_FIELDS, UPDATE_FIELDS
from .card import member_card, member_card_renew
from .leaving import member_discipline, member_remove, members_come_of_age
from .positions import member_party_stage, party_next_stage, position_add, position_end
from .proposals import proposal_approve, proposal_refuse, proposal_submit, proposal_withdraw
from .records import member_admit, member_update
from .transfers import transfer_accept, transfer_cancel, transfer_reject, transfer_request

__all__ = [
    "ADMIT_FIELDS",
    "PARTY_ORDER",
    "PARTY_STAGE_FIELDS",
    "STATUS_FIELDS",
    "UPDATE_FIELDS",
    "member_admit",
    "member_card",
    "member_card_renew",
    "member_discipline",
    "member_party_stage",
    "member_remove",
    "member_update",
    "members_come_of_age",
    "party_next_stage",
    "position_add",
    "position_end",
    "proposal_approve",
    "proposal_refuse",
    "proposal_submit",
    "proposal_withdraw",
    "transfer_accept",
    "transfer_cancel",
    "transfer_reject",
    "transfer_request",
]
