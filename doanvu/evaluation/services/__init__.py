"""Writes of the evaluation area, one module per subject (members, training, criteria, classification,
assessment, inspection, pipeline). Import the module: `from doanvu.evaluation.services import inspection`."""
