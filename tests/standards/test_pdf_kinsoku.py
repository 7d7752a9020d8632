"""The standard's PDF follows the Chinese line-breaking rules: no line starts with closing punctuation and none
ends with opening punctuation, in Markdown prose and in plain paragraphs alike. The text is crafted so a break
where the width runs out would put 。 at the start of a line, or leave （ at the end of one; the lines are read
back from the PDF with pypdf."""

import io

import pytest
from pypdf import PdfReader

from standards.pdf import NO_LINE_END, NO_LINE_START, StandardPDF

DRAW = {"markdown": StandardPDF.markdown, "paragraph": StandardPDF.paragraph}


def pdf_lines(draw, text):
    pdf = StandardPDF("标题", "第 1.0 版")
    pdf.add_page()
    draw(pdf, text)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    return [line for line in lines if line and "第 1.0 版" not in line]  # less the running header and footer


def characters_per_line(draw):
    """How many 字 fill one line when the width alone decides."""
    return len(pdf_lines(draw, "字" * 300)[0])


@pytest.mark.parametrize("kind", DRAW)
def test_no_line_starts_with_closing_punctuation(kind):
    draw = DRAW[kind]
    full = characters_per_line(draw)
    lines = pdf_lines(draw, "字" * full + "。后文，还有「引文」、（注）。" + "字" * full)
    assert len(lines) >= 2
    assert not [line for line in lines if line[0] in NO_LINE_START]
    assert lines[1].startswith("字。后文")  # the last 字 went down with its full stop
    assert "".join(lines) == "字" * full + "。后文，还有「引文」、（注）。" + "字" * full


@pytest.mark.parametrize("kind", DRAW)
def test_no_line_ends_with_opening_punctuation(kind):
    draw = DRAW[kind]
    full = characters_per_line(draw)
    lines = pdf_lines(draw, "字" * (full - 1) + "（注）后文")
    assert not [line for line in lines if line[-1] in NO_LINE_END]
    assert lines[1].startswith("（注）")
