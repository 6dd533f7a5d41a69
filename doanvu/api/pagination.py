"""Page-number pagination shared by the list endpoints."""

from __future__ import annotations

import math

from django.db.models import QuerySet

MAX_PAGE_SIZE = 200


def paginate(queryset: QuerySet, *, page: int, page_size: int, serialise) -> dict:
    count = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size]) if start < count else []
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, math.ceil(count / page_size)),
        "results": serialise(rows),
    }
