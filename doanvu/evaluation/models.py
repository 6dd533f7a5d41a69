"""The models of year-end evaluation, criteria sets and inspection, and the Party pipeline.

Each sub-feature keeps its models in its own package; Django finds them all through this module, and the
rest of doanvu may import them from here:

- levels.py              — the four levels, shared by members, units and inspection
- members/models.py      — evaluation rules per year, member evaluations
- training/models.py     — the member training programme
- classification/models.py — unit classification by the unit above
- criteria/models.py     — criteria sets: criteria → contents → scoring conditions
- inspection/models.py   — self-assessments with evidence, inspection plans and visits
- party/models.py        — outstanding-member lists handed to the Party
"""

from doanvu.evaluation.classification.models import UnitClassification
from doanvu.evaluation.criteria.models import (
    Condition,
    Content,
    CriteriaSet,
    Criterion,
    DataSource,
)
from doanvu.evaluation.inspection.models import (
    Assessment,
    ConditionScore,
    Evidence,
    InspectionPlan,
    InspectionVisit,
)
from doanvu.evaluation.levels import LEVEL_ORDER, LEVEL_SHORT, Level, year_end
from doanvu.evaluation.members.models import EvaluationPolicy, MemberEvaluation
from doanvu.evaluation.party.models import (
    OutstandingEntry,
    OutstandingList,
)
from doanvu.evaluation.training.models import TrainingRegistration, TrainingResult

__all__ = [
    "LEVEL_ORDER",
    "LEVEL_SHORT",
    "year_end",
    "Assessment",
    "Condition",
    "ConditionScore",
    "Content",
    "CriteriaSet",
    "Criterion",
    "DataSource",
    "EvaluationPolicy",
    "Evidence",
    "InspectionPlan",
    "InspectionVisit",
    "Level",
    "MemberEvaluation",
    "OutstandingEntry",
    "OutstandingList",
    "TrainingRegistration",
    "TrainingResult",
    "UnitClassification",
]
