"""`{% report_table table %}`: a table of the work report on its page (documents.word.Table, or a chart's
table: anything with `header`, `rows`, `total_rows`, `note`, `landscape`).

A province's table is a hundred rows of a dozen figures: written here with `format_html`, which escapes
every cell, rather than through the template engine cell by cell (docs/architecture.md, "What a page
costs")."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TOTAL = mark_safe(' class="vb-total"')


def _part(table, name: str, default=None):
    return table.get(name, default) if isinstance(table, dict) else getattr(table, name, default)


@register.simple_tag
def report_table(table) -> SafeString:
    rows = _part(table, "rows") or []
    totals_from = len(rows) - (_part(table, "total_rows") or 0)
    body = []
    for number, (first, *rest) in enumerate(rows):
        cells = format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in rest))
        body.append(
            format_html(
                '<tr{}><th scope="row">{}</th>{}</tr>', TOTAL if number >= totals_from else "", first, cells
            )
        )
    note = _part(table, "note")
    return format_html(
        '<div class="table-wrap vb-table-box"><table class="vb-table{}">\n'
        "  <thead><tr>{}</tr></thead>\n  <tbody>{}</tbody>\n</table></div>\n{}\n",
        " vb-wide" if _part(table, "landscape") else "",
        format_html_join("", "<th>{}</th>", ((h,) for h in _part(table, "header") or [])),
        mark_safe("".join(body)),
        format_html('<p class="vb-table-note">{}</p>', note) if note else "",
    )
