"""Writes of member evaluation: the self-assessment (entered by the branch officer for the member), the
branch's proposal, the grassroots union's decision, and the rules a unit sets for its sub-tree.

Each step is dated, checks permission (doanvu.accounts.scope), runs in one transaction, writes its audit
entry in it, and is kept in the evaluation's history (simple-history, signed by the acting user).

- A proposal that breaks a rule is saved with its flags ("as the officer read them"); the quota flag of
  every open outstanding proposal of the branch follows the branch's count after each proposal.
- A decision re-checks the rules against the records of the day: a level that breaks one is refused with
  the reason; the decider may choose a lower level. The quota of decisions counts the deciding grassroots
  union's outstanding decisions for the year against the members it evaluates.
- Batches are all or nothing: one problem anywhere and nothing is written; every problem is listed.

One module per step (proposals, decisions, policy), what they share in _common; everything public is
importable from here.
"""

from ._common import FIRST_YEAR, check_level, check_on, check_year, dmy
from .decisions import evaluation_decide, evaluations_decide, evaluations_decide_unflagged
from .policy import evaluation_policy_set
from .proposals import evaluation_propose, evaluation_self, evaluations_propose

__all__ = [
    "FIRST_YEAR",
    "check_level",
    "check_on",
    "check_year",
    "dmy",
    "evaluation_decide",
    "evaluation_policy_set",
    "evaluation_propose",
    "evaluation_self",
    "evaluations_decide",
    "evaluations_decide_unflagged",
    "evaluations_propose",
]
