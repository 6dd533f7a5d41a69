"""The work report's tables on its page (`{% report_table %}`): totals marked, a note under the table,
every cell escaped."""

from django.template import Context, Template

from doanvu.documents.word import Table


def shown(table) -> str:
    return Template("{% load report_tables %}{% report_table table %}").render(Context({"table": table}))


def test_the_last_rows_are_the_totals_and_the_note_follows_the_table():
    html = shown(
        Table(
            header=["Đơn vị", "Đoàn viên"],
            rows=[["Chi đoàn A", "12"], ["Chi đoàn B", "1.024"], ["Tổng số", "1.036"]],
            total_rows=1,
            note="Tổng số không bằng cộng các dòng.",
        )
    )
    assert "<thead><tr><th>Đơn vị</th><th>Đoàn viên</th></tr></thead>" in html
    assert '<tr><th scope="row">Chi đoàn B</th><td class="num">1.024</td></tr>' in html
    assert '<tr class="vb-total"><th scope="row">Tổng số</th><td class="num">1.036</td></tr>' in html
    assert html.index("</table>") < html.index('<p class="vb-table-note">Tổng số không bằng')
    assert 'class="vb-table"' in html and "vb-wide" not in html


def test_a_wide_table_and_a_charts_table_given_as_a_mapping_are_shown_alike():
    html = shown({"header": ["Mặt công tác", "Cuộc"], "rows": [["Phong trào", "7"]], "landscape": True})
    assert 'class="vb-table vb-wide"' in html and '<td class="num">7</td>' in html
    assert "vb-table-note" not in html and "vb-total" not in html


def test_a_name_holding_markup_is_shown_as_text():
    html = shown(Table(header=["<b>Đơn vị</b>"], rows=[['Chi đoàn <script>x()</script> "A"']]))
    assert "<script>" not in html and "<b>" not in html
    assert "Chi đoàn &lt;script&gt;x()&lt;/script&gt; &quot;A&quot;" in html
