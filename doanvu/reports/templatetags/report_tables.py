"""`{% report_table table %}`: a table of the work report on its page (documents.word.Table, or a chart's
table: anything with `header`, `rows`, `total_rows`, `note`, `landscape`).

A province's table is a hundred rows of a dozen figures: written here, every cell escaped, rather than
through the template engine cell by cell (docs/architecture.md, "What a page
costs")."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TOTAL = ' class="vb-total"'


def _part(table, name: str, default=None):
    return table.get(name, default) if isinstance(table, dict) else getattr(table, name, default)


@register.simple_tag
def report_table(table) -> SafeString:
    rows = _part(table, "rows") or []
    totals_from = len(rows) - (_part(table, "total_rows") or 0)
    body = []
    for number, (first, *rest) in enumerate(rows):
        cells = "".join(f'<td class="num">{escape(str(cell))}</td>' for cell in rest)
        total = TOTAL if number >= totals_from else ""
        body.append(f'<tr{total}><th scope="row">{escape(str(first))}</th>{cells}</tr>')
    header = "".join(f"<th>{escape(str(h))}</th>" for h in _part(table, "header") or [])
    note = _part(table, "note")
    wide = " vb-wide" if _part(table, "landscape") else ""
    return mark_safe(  # every cell escaped above
        f'<div class="table-wrap vb-table-box"><table class="vb-table{wide}">\n'
        f"  <thead><tr>{header}</tr></thead>\n  <tbody>{''.join(body)}</tbody>\n</table></div>\n"
        + (f'<p class="vb-table-note">{escape(str(note))}</p>' if note else "")
        + "\n"
    )
