"""Build test uploads in code: DOCX, XLSX, CSV and ZIP bytes."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

import docx
import openpyxl

FILLER_INTERVIEW = """\
Interviewer 1: Um, thanks for, uh, joining us today. So, like, can you tell me a bit about your role?
Interviewee: Yeah, sure. So, um, I'm, like, an operations manager at a, you know, mid-sized logistics \
company. I've been there, uh, about six years now, and I basically, like, run the dispatch team.
Interviewer 2: Okay, cool. And, uh, when did you first start looking for a new scheduling tool?
Interviewee: Um, so it was, like, last spring? We had this, you know, huge week where, uh, three drivers
called in sick and the spreadsheet just, like, fell apart. I was, um, on the phone till midnight, you know,
moving routes around by hand.
Interviewer 1: Mm-hmm. What did you, uh, try first?
Interviewee: Honestly, like, we tried a couple of free apps first. Uh, one of them was, you know, okay, but \
it didn't talk to our, um, payroll system, so we, like, dropped it after a month.
Interviewer 2: Got it. Uh, walk me through the day you decided to, like, actually buy something.
Interviewee: Yeah, so, um, my boss basically said, you know, we can't have another week like that. And I, \
uh, pulled up the three vendors we'd, like, shortlisted and just picked the one that, um, the other depot \
was already using.
"""

NAMED_INTERVIEW = """\
Priya Shah: Thanks for making time. What were you using before?
Tom Becker: We had a shared spreadsheet that everyone edited, and it worked until the team doubled. Then \
every Monday someone overwrote someone else's changes and we lost half a day sorting it out.
Priya Shah: When did that become a problem worth solving?
Tom Becker: After the second time we shipped to the wrong address. A customer called our CEO directly and \
that was the end of the spreadsheet as far as she was concerned.
Priya Shah: Tell me about the first thing you tried.
Tom Becker: I looked at three tools over a weekend and picked the one with a free trial, mostly because I \
could set it up without asking IT for anything.
"""


def docx_bytes(paragraphs: Sequence[str], *, title: str | None = None) -> bytes:
    """A DOCX with an optional Title paragraph and one paragraph per string."""
    document = docx.Document()
    if title is not None:
        document.add_heading(title, 0)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """An XLSX whose active sheet holds `rows` from A1."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[str]], delimiter: str = ",") -> bytes:
    """CSV text (UTF-8) for `rows`, quoted as Excel would."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP archive holding `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
