"""The figures kept pre-summed up the tree (docs/architecture.md, "Rollups").

One row per ancestor, group, month and figure: what the records of that month contribute to the unit
`anc` (a lineage segment: the unit's id in base 36), in the group `child` — the direct child the record
lay under on its date, "" for the unit's own records, "*" for the whole sub-tree (which a jointly
organised activity and a transfer inside the sub-tree make differ from the sum of the groups). Values are
hundredths (`cents`), like the engine's sums. A flow over a period is the sum of its months; a stock on a
period's last day is the sum of every month up to it (stocks are kept as the changes they go through).
"""

from django.db import models


class Rollup(models.Model):
    anc = models.CharField(max_length=7)
    code = models.CharField(max_length=72)
    month = models.IntegerField()  # yyyymm
    child = models.CharField(max_length=7)
    cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["anc", "code", "month", "child"], name="rollup_one_row"),
        ]

    def __str__(self) -> str:
        return f"{self.anc} {self.code} {self.month} [{self.child}] = {self.cents}"
