"""The Party pipeline: outstanding-member lists a grassroots union hands to the Party committee, and each
person's steps — awareness course, introduction by resolution, admission as probationary member, full
membership.

The steps write the Member's Party fields through the member services' history helper (`_save`), so each
step is in the member's history with its effective date and the member's rules (dates in order, aged 18 at
admission, 12 months of probation) are checked in one place: doanvu.members.validation. What is checked here
is only what those rules do not know: the order of the steps, the awareness certificate's validity, lists
frozen after hand-over, who may be on a list.

Decisions (see the module's tests):
- Introduction needs an awareness certificate valid on the introduction date (the course comes first, and
  the certificate is valid `party_course_valid_years` years). Being on a handed-over list is not required:
  a grassroots union may introduce a member outside the yearly lists; the list the member is on, if any, is
  recorded in the audit entry.
- Introduction is the grassroots union's resolution: only an officer of the member's grassroots union (the
  nearest grassroots unit at or above the member's branch) or above may record it. The course, admission
  and full membership may be recorded by an officer of the member's branch or above.
- The course cannot be recorded again after the introduction (the member's dates must stay in order).
- A unit has at most one list of a year that is not yet handed over; a member is on at most one list of a
  year.

Modules: rules (the certificate's validity, the grassroots union, a member's lists), lists, steps (a
person's steps); everything public is importable from here.
"""

from .lists import (
    outstanding_add,
    outstanding_hand_over,
    outstanding_list_create,
    outstanding_propose,
    outstanding_remove,
    proposal_candidates,
)
from .rules import (
    certificate_expires_on,
    certificate_valid_on,
    course_valid_years,
    grassroots_of,
    lists_of_member,
)
from .steps import party_admit, party_course, party_full, party_introduce

__all__ = [
    "certificate_expires_on",
    "certificate_valid_on",
    "course_valid_years",
    "grassroots_of",
    "lists_of_member",
    "outstanding_add",
    "outstanding_hand_over",
    "outstanding_list_create",
    "outstanding_propose",
    "outstanding_remove",
    "party_admit",
    "party_course",
    "party_full",
    "party_introduce",
    "proposal_candidates",
]
