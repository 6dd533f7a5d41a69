"""The document toolkit: Word templates and styles, the frame of an official document, PDF through
LibreOffice, charts as SVG and PNG, safe Excel and CSV writing — how a document is written, apart from what any
document says.

Layer "lib & documents": it imports Django, python-docx, openpyxl, matplotlib and doanvu.lib, never an
app. The work report (doanvu.reports.document) and the inspection's conclusion
(doanvu.evaluation.inspection.conclusion) are both written with it.

    templates.py  the Word template: the default one in the repository, a unit's own (inherited down the
                  tree), opening one with its body cleared and the styles in place
    styles.py     the paragraph styles ("DV Heading", "DV Title" …) and the font
    word.py       writing into a document: tables, borders, a short rule, a captioned picture, the bytes
    official.py   the frame of an official Union document (Hướng dẫn 29-HD/TWĐTN-VP): the heading block,
                  the signature block and their wording
    pdf.py        a .docx converted to PDF by LibreOffice
    svg.py        small charts as inline SVG (the pages)
    png.py        the same charts as PNG pictures (Word cannot show SVG)
    xlsx.py       every Excel workbook: made, filled cell by cell with safe values, saved; layout helpers
    csvfile.py    every CSV the site writes, with the same safe values
    files.py      a rendered file: its bytes, content type and name
"""
