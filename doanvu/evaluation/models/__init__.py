"""Year-end evaluation, criteria sets and inspection, and the Party pipeline (docs/domain.md).

The models live in one module per subject and are re-exported here:

- members.py   — the four levels, evaluation rules per year, member evaluations, the training programme
- units.py     — unit classification by the unit above
- criteria.py  — criteria sets: criteria → contents → scoring conditions
- inspection.py — self-assessments with evidence, inspection plans and visits
- party.py     — outstanding-member lists handed to the Party
"""

from .criteria import Condition, Content, CriteriaSet, Criterion, DataSource
from .inspection import Assessment, ConditionScore, Evidence, InspectionPlan, InspectionVisit
from .members import (
    LEVEL_ORDER,
    LEVEL_SHORT,
    EvaluationPolicy,
    Level,
    MemberEvaluation,
    TrainingRegistration,
    TrainingResult,
    year_end,
)
from .party import OutstandingEntry, OutstandingList
from .units import UnitClassification

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
