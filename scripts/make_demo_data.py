"""Generate the generated part of the Desirelines demo project (all of it FICTIONAL).

Writes, under app/demo/data/:

* interviews/06_sofia_brandt_sunridge_otter.docx - an Otter-style DOCX export
* interviews/07_nadia_haddad_verano_rev.docx - a Rev-style DOCX export
* survey/pipewell_customer_survey_qualtrics.csv - a Qualtrics-style survey export

The TXT, VTT and CSV transcripts, participants.csv and README.md next to them are hand-written
content and are not touched here.

Every person, company, product and quote is invented. Pipewell (the CRM being bought), HatchCRM,
Corvanta, Meridian and ContactMax are fictional products.

Run from the repository root::

    .venv/bin/python scripts/make_demo_data.py

The output depends only on the constants in this file: running it twice gives byte-identical files,
and files whose content has not changed are not rewritten.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
import string
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "app" / "demo" / "data"
INTERVIEW_DIR = DATA_DIR / "interviews"
SURVEY_PATH = DATA_DIR / "survey" / "pipewell_customer_survey_qualtrics.csv"

SEED = 20250915
SURVEY_RESPONDENTS = 342
FICTION_NOTE = "All people, companies, products and quotes in this file are invented for the Desirelines demo"
# Fixed timestamp for DOCX metadata and zip entries, so that reruns give identical bytes.
FIXED_TIME = datetime(2025, 10, 20, 9, 0, 0)


# ---------------------------------------------------------------------------------------------------
# Interviews exported as DOCX
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted speech, with when it starts (seconds from the start)."""

    speaker: str
    text: str
    start: float


@dataclass(frozen=True)
class DocxInterview:
    """A hand-written interview and how to export it.

    Attributes:
        filename: Name of the DOCX file under interviews/.
        title: Title paragraph (no colon, so no parser mistakes it for a speaker turn).
        speakers: Speaker label for each turn code ("I" interviewer, "R" respondent).
        script: Turns as "CODE: text" paragraphs separated by blank lines; lines inside a
            paragraph are joined with spaces.
        seed: Seed for the pauses between turns.
    """

    filename: str
    title: str
    speakers: dict[str, str]
    script: str
    seed: int


BRANDT_SCRIPT = """
I: Hi Sofia, thanks for joining. Are you okay with us recording this?

R: Yes, of course.

I: Great. Let's start with you. What's your role, and what does Sunridge do?

R: So I'm Sofia Brandt, sales operations manager at Sunridge Solar. We install solar, mostly
residential, some small commercial, like warehouses and farms. We're in Arizona and New Mexico. About a
hundred and sixty people, but most of those are installers. On the sales side there's eight inside
setters who book appointments, twelve field energy consultants who do the home visits and close, and
then me, and our VP of Sales, Rick.

I: How does a typical sale work for you?

R: A lead comes in, from our website, from a lead vendor, from a referral, from a home show. A setter
calls them, qualifies them, and books a site visit. The consultant goes to the house, looks at the roof,
the electric bill, does a proposal on the tablet, and hopefully gets a signature. Then it goes to design
and permitting. So it's fast, high volume. We get something like three thousand leads a month in the
spring.

I: What were you using before Pipewell to manage that?

R: The free version of HatchCRM, plus a lot of spreadsheets. HatchCRM for the leads, a Google Sheet for
the site visit calendar, because the calendar in Hatch free didn't work for booking other people, and
then each consultant kept their own tracking of their proposals. It was, um, it was a patchwork.

I: What problems did that patchwork cause?

R: Oh, where to start. Duplicates were the big one. The same homeowner would fill out our website form,
and then also come in through a lead vendor, and we'd have them twice. Two setters would call the same
person on the same day. We had a homeowner in Mesa who got called four times in one afternoon, and she
left us a one-star review that said, quote, these people are desperate. [laughs] Rick had that review
printed out on his desk for a month.

I: That's painful.

R: And it cost money, too. Our lead vendors charge per lead, and they have a return policy for
duplicates, but only within seventy-two hours. We just couldn't catch them in time. I did the math once,
and we were paying for around six thousand dollars a month of leads we already had.

I: When did you realize you needed to change something?

R: I think I knew for a year. But the moment I said it out loud was last year, during spring season. We
double-booked site visits eleven times in one week, because two setters were editing the same Google
Sheet at the same time. Eleven consultants driving to houses where somebody else was already there, or
nobody was. In Phoenix, in May, that's a ninety-minute drive sometimes. One of the consultants, Luis,
called me from his truck and he was just, he was so done.

I: How did you feel?

R: Responsible. Because I'm ops, the process is my job. And I was also frustrated because I'd been
asking for budget for a proper system for months, and the answer was always, the free one is fine.

I: Who needed to be convinced?

R: Rick, our VP of Sales, he's the budget owner and the final yes. And our CFO, Dana, because anything
recurring goes past her. Rick was sympathetic, he's the one who had the review on his desk. Dana was the
tough one.

I: What did you do to start looking?

R: Um, honestly I started looking on my own first, evenings, just reading. I knew we needed three
things: real lead routing, like round-robin so leads get spread fairly across setters; a shared calendar
for booking site visits; and duplicate detection when a lead comes in. And I wanted an integration with
our proposal and design tool, so the consultant doesn't retype the customer.

I: How did Pipewell come onto your list?

R: A solar industry Facebook group, actually. Somebody asked about CRMs for installers and a guy from an
installer in Colorado posted screenshots of his Pipewell setup, with round-robin routing and a booking
calendar. I messaged him and he got on a call with me for half an hour. That call was more useful than
most of the demos.

I: What did you look at besides Pipewell?

R: Hatch's paid plan, since we were already on it, and one CRM that's specifically for solar companies.
The solar one had everything, but it was expensive and honestly it looked like it was built in two
thousand and eight. Hatch's paid plan didn't do the calendar booking we needed without another add-on.
Pipewell did routing, booking, and duplicates out of the box.

I: How did the trial go?

R: I set up a trial with two setters and two consultants for two weeks. I connected our web form, and on
day two it caught a duplicate within seconds, a guy who'd filled out our form in the morning and came
through a vendor at lunch. I screenshotted it and sent it to Rick with no message. He replied, okay.

I: [laughs] What worried you about switching?

R: The timing, first of all. We decided in January, and spring is our peak. If the migration went wrong
in March, we'd lose leads at the worst possible moment. And the data. We had about eleven thousand leads
in Hatch, with phone numbers in every format you can imagine. Some with the country code, some with
dashes, some with notes in the phone field like "call after 5".

I: Anything else?

R: The consultants. Our field team, a lot of them are older, ex-roofers, ex-electricians. Amazing at
talking to homeowners, not so much at apps. I was scared they'd just not use it and keep doing paper.
And then Dana, the CFO, she pushed back on paying per seat for the setters. Her point was, they're
entry-level, turnover is high, why do we pay forty-five a month for a seat that might be empty in two
months.

I: How did that get resolved?

R: Pipewell let us reassign seats without losing the history, so when a setter leaves, the seat goes to
the next person. That took the sting out of it for Dana. And I showed her the six thousand a month in
duplicate leads. The whole thing is about twelve hundred a month for twenty-two seats. So it paid for
itself on the duplicates alone. She said, fine, but I want to see the duplicate number in three months.

I: Did the purchase itself go smoothly?

R: Pretty smoothly. Rick signed, Dana approved, we paid annually. Our IT is one contractor, so the
security review was basically him reading their security page. It took two weeks from decision to
signature.

I: And then the rollout, how did that go?

R: We did it in phases, which I'm glad about. Setters first, in late January, because that's where the
duplicates were. The import flagged about twenty-three hundred duplicates in the eleven thousand, and
the merge tool let us go through them in batches. I spent two full days on it with a lot of coffee. Then
consultants in mid-February, before the spring rush.

I: What happened when the consultants came on?

R: So, first week, there was a calendar bug. Arizona doesn't do daylight saving time. And when daylight
saving started in March, the booking calendar shifted all the site visits by an hour for anybody whose
calendar was set to Mountain time with daylight saving. So consultants showed up an hour early or an
hour late at like thirty houses. That was a bad Monday.

I: Oh no. How was that handled?

R: Support was good. They found the issue the same day, it was a time zone setting, they showed me how
to set everyone to the Arizona time zone, and they also fixed the default in their product later. But
for a day I was definitely thinking, what have I done. Luis called me again from his truck. [laughs]

I: How did the consultants take to it after that?

R: Better than I feared. The mobile app is really the thing for them. They open the appointment, the
homeowner's details are there, the notes from the setter, and they can take photos of the roof and the
electrical panel right in the app. Before, they'd text photos to the designer. One of the older guys,
Frank, he told me he likes it because he doesn't have to remember anything anymore.

I: What's your favorite thing about it now, as the ops person?

R: The round-robin routing. It's so simple, but it changed the setters' whole culture. Before, the
aggressive setters would grab the good leads from the sheet, and the newer ones got scraps. Now it's
fair. The setters actually thanked me. Nobody thanks ops. [laughs] And the duplicate number, I reported
it to Dana after three months. We went from about six thousand a month in duplicate leads to under five
hundred.

I: Is there anything that's been disappointing?

R: Reporting on custom fields. We track things like roof type, utility company, system size in
kilowatts, and I can filter on them, but building a report that groups by them is clunky. I end up
exporting. And there's no built-in e-signature. Our consultants still switch to another app for the
contract signature, and I'd love that to be all in one place.

I: How did the proposal tool integration work out?

R: It works, but through Zapier, not native. So when a deal hits the site visit stage, it creates the
project in the design tool. It's fine, but when Zapier has a hiccup, I'm the one who finds out, usually
from an angry designer.

I: Zero to ten, how likely would you be to recommend Pipewell?

R: Eight. It's solved our biggest problems. It's not perfect for solar specifically, but I'd rather have
a good general tool than a bad specific one.

I: Have you recommended it to anyone?

R: Yes, I actually posted my own screenshots in the same Facebook group, kind of paying it forward. And
two people messaged me. I told them the same thing that guy told me. Set up the routing and the
duplicate rules before you import anything. And if you're in Arizona, check your time zones.

I: [laughs] Great advice. Thank you, Sofia.

R: Thank you!
"""

HADDAD_SCRIPT = """
I: Hi Nadia, thank you for making time. Is it okay if I record?

R: Sure, go ahead.

I: To start, could you tell me about your role and the company?

R: I'm Nadia Haddad, director of sales at Verano Specialty Foods. We're a food distributor, specialty
and imported products, olive oils, cheeses, cured meats, that kind of thing, to restaurants, hotels and
independent grocery stores. We're a family business, the Verano family, about a hundred and twenty
people. We're in New Jersey and we cover the whole Northeast. I've got nine outside reps and four people
in customer service who take orders.

I: And what were you using to manage customers and sales before Pipewell?

R: ContactMax. Have you heard of it? Probably not. It's a desktop program, it ran on a server in a
closet in our office. We bought the license in, I think, twenty twelve. It was never updated after that.

I: What was it like to work with?

R: Um, if you were in the office, it was okay. Slow, but okay. But my reps are never in the office.
They're in restaurant kitchens at ten in the morning, before service. So they'd write everything in a
notebook, and then on Friday afternoon they'd come in and type the week into ContactMax. Or they
wouldn't. Mostly they wouldn't.

I: When did you start thinking about replacing it?

R: It's a funny story, actually not funny at the time. February last year, the server died. Just died.
The hard drive. Our IT guy, he's a contractor, he comes in twice a month, he said the backup was three
weeks old. And he said, by the way, this version of ContactMax isn't supported anymore, and the company
that made it was bought, so I can't even get you a new license.

I: What happened then?

R: We were down for two days, and he got most of it back from the backup. But we lost three weeks of
notes. And for those two days, customer service couldn't look up anything. A chef from one of our
biggest restaurant accounts called to ask about a special order and nobody could tell him what he'd
ordered last time. It was embarrassing. Mr. Verano, Tony, the owner, came down and stood behind the
customer service desk, and you could feel the temperature in the room.

I: What did Tony say?

R: He said, Nadia, this can never happen again. Find something. So that was the mandate. Which sounds
great, but he also said, and don't spend a fortune.

I: So how did you start looking?

R: I honestly didn't know where to start. I'd only ever used ContactMax. So I asked around. I asked our
biggest supplier's sales manager what they use, I asked a friend from my old job. And I googled a lot,
CRM for distributors, CRM for food sales. A lot of what came up was very expensive or made for software
companies.

I: How did Pipewell come up?

R: My friend from my old job, she's at a wine importer now. They use Pipewell. She showed me on her
phone, how she logs a visit, and how she can see the account history while she's standing in the
restaurant. That was it for me, the phone part. Because that's what my reps need.

I: What else did you consider?

R: We got a quote from Corvanta, because their name came up everywhere. Way too expensive. Four times
the price, and they wanted to sell us an implementation project. And we looked at the free HatchCRM, but
it didn't really have what we needed for repeat customers. It's all about new deals, new deals. Ninety
percent of our business is the same customers ordering every week.

I: That's interesting. How did Pipewell handle that, the repeat customers?

R: Better, not perfect. You can set up accounts with visit schedules and recurring tasks, like visit
every two weeks, and you can see the last visit. But what I really wanted was to see their orders. What
did this restaurant order last month, is it going down, did they stop buying the burrata. That lives in
our ERP. And that was my big question from the start: can you connect to our ERP?

I: What did you hear back?

R: The salesperson, he was honest, he said, we don't have a native connector for your ERP, but you can
import data with the API or with a scheduled file import. And I heard, yes, it can be done. I don't
think I really understood how much work that would be. That's on me a bit, and a bit on them.

I: Were there other worries before you bought?

R: The reps. My reps are, um, experienced. The youngest is thirty-eight, the oldest is sixty-six.
They've been doing this with a notebook and a phone their whole life. Three of them still write orders
on carbon paper as a backup. I was worried they'd just refuse. And price, because Tony watches every
dollar. Thirteen seats at forty-five a month, that's about seven thousand a year. For ContactMax we'd
paid nothing in ten years.

I: How did the decision get made?

R: I put the numbers in front of Tony and our controller, Bill. Bill liked that it's a monthly cost, no
server, no IT guy for the server. And then Tony asked, can you promise me it won't die like the last
one. And I said it's in the cloud, they have backups, I showed him the page. He said okay. The
purchasing manager, Angela, she handles the paperwork with all our vendors, so she did the contract. It
was easy, a week.

I: What happened when you rolled it out?

R: We started in April. The import from ContactMax was the first problem. The ContactMax export was a
mess, it was an old database format. Bill's nephew, who's good with computers, helped me convert it to
spreadsheets. We got about four thousand contacts over, but a lot of the notes were lost. The notes
field just came out as garbage characters for anything before about two thousand sixteen.

I: How did you feel about that?

R: Honestly? A bit relieved, a bit sad. Some of those notes were from reps who retired years ago, with
little details, like, this chef's daughter's name, he hates when you come on Mondays. That's gold in our
business. But a lot of it was also junk. So, mixed.

I: And the reps?

R: Better than I feared. The app is simple. I did a training session in our conference room with pizza,
and then I went on ride-alongs with each rep for half a day and set it up on their phone with them.
Marco, who's sixty-six, he likes the voice notes. He talks into it in his car like he's leaving a
voicemail. Two reps still write in their notebooks first and type it in later. But they do type it in.
That's more than before.

I: What about the ERP connection you mentioned?

R: That's the part that has been disappointing. The salesperson said it could be done, and it can, but
we had to hire a consultant to build a nightly import from our ERP. That cost us four thousand five
hundred dollars, which Tony was not happy about. And it's only a summary, total orders by month per
account. It works most nights, but when it fails, nobody tells me, I find out when a rep says, hey, the
numbers are from last week.

I: How has that affected how you feel about Pipewell?

R: It's the main thing keeping me from loving it. I feel like I bought a good car but I have to push it
up the hill sometimes. I understand they can't connect to every ERP. But I wish somebody had told me
clearly, at the beginning, this will cost you money and time.

I: What's working well?

R: Visibility, for sure. On Monday morning, I can see who visited who last week, which accounts haven't
been visited in a month. Before, I'd have to ask each rep and they'd tell me, yeah, yeah, I saw them.
Now I know. We caught two accounts that were drifting, a hotel group and a grocery, because there had
been no visits for six weeks and their orders were going down. We saved both. The hotel group alone is
over a hundred thousand a year.

I: That's a big save.

R: It is. And the customer service team can see the rep's notes now, so when a chef calls, they know the
context. No more, let me ask the rep and call you back.

I: How long have you been using it now?

R: Since April, so about eight months.

I: On a scale of zero to ten, how likely are you to recommend Pipewell to a peer?

R: Um, six? Maybe seven. For the visibility, for the reps, for the price, it's good. But the ERP part, I
can't tell someone in distribution it's easy. It's not.

I: What would you tell a peer in distribution who's considering it?

R: I'd say, it's good for managing your reps and your relationships. But if you want it to show your
orders, ask them exactly how, and get a price for it before you sign. Don't do what I did and assume.

I: Thank you, Nadia. That's really helpful.

R: You're welcome. Good luck with your research.
"""

DOCX_INTERVIEWS: tuple[DocxInterview, ...] = (
    DocxInterview(
        filename="06_sofia_brandt_sunridge_otter.docx",
        title="FICTIONAL DEMO TRANSCRIPT — Pipewell switch interview 6 (Sofia Brandt, Sunridge Solar)",
        speakers={"I": "Maya Lindqvist", "R": "Sofia Brandt"},
        script=BRANDT_SCRIPT,
        seed=6,
    ),
    DocxInterview(
        filename="07_nadia_haddad_verano_rev.docx",
        title=(
            "FICTIONAL DEMO TRANSCRIPT — Pipewell switch interview 7 (Nadia Haddad, Verano Specialty Foods)"
        ),
        speakers={"I": "Jon Okafor", "R": "Nadia Haddad"},
        script=HADDAD_SCRIPT,
        seed=7,
    ),
)


def parse_script(interview: DocxInterview) -> list[Turn]:
    """Turn the "CODE: text" paragraphs of an interview into timed turns.

    Timing is a plain speech model: about 153 words a minute plus a short, seeded pause between
    turns, so timestamps increase realistically without being hand-typed.
    """
    rng = random.Random(interview.seed)
    turns: list[Turn] = []
    clock = 2.0 + rng.uniform(0.0, 2.0)
    for paragraph in interview.script.strip().split("\n\n"):
        code, _, text = paragraph.partition(": ")
        text = " ".join(text.split())
        turns.append(Turn(speaker=interview.speakers[code.strip()], text=text, start=clock))
        clock += len(text.split()) / 2.55 + 0.4 + rng.uniform(0.4, 1.6)
    return turns


def otter_clock(seconds: float) -> str:
    """Otter's timestamp: m:ss under an hour, h:mm:ss after."""
    whole = int(seconds)
    hours, minutes, secs = whole // 3600, whole % 3600 // 60, whole % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def hms_clock(seconds: float) -> str:
    """hh:mm:ss, as Rev and most spreadsheets write it."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def new_document(title: str) -> DocxDocument:
    """A blank document with fixed metadata and the fiction note under the title."""
    document = Document()
    props = document.core_properties
    props.title = title
    props.author = "Desirelines demo"
    props.last_modified_by = "Desirelines demo"
    props.comments = FICTION_NOTE
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    document.add_paragraph(title, style="Title")
    document.add_paragraph(FICTION_NOTE + ".")
    return document


def render_otter_docx(interview: DocxInterview) -> DocxDocument:
    """Otter export: "Speaker Name  0:03" paragraph, then the text paragraph, per turn."""
    document = new_document(interview.title)
    turns = parse_script(interview)
    minutes = int(turns[-1].start // 60) + 1
    document.add_paragraph(f"Thu, Oct 16, 2025 • {minutes} mins")
    for turn in turns:
        header = document.add_paragraph()
        name = header.add_run(turn.speaker)
        name.bold = True
        header.add_run(f"  {otter_clock(turn.start)}")
        document.add_paragraph(turn.text)
    return document


def render_rev_docx(interview: DocxInterview) -> DocxDocument:
    """Rev export: "Speaker Name (00:01:05):" paragraph, then the text paragraph, per turn."""
    document = new_document(interview.title)
    document.add_heading("Transcript", level=1)
    for turn in parse_script(interview):
        header = document.add_paragraph()
        run = header.add_run(f"{turn.speaker} ({hms_clock(turn.start)}):")
        run.bold = True
        run.font.size = Pt(11)
        document.add_paragraph(turn.text)
    return document


def docx_bytes(document: DocxDocument) -> bytes:
    """Serialise a document with fixed zip timestamps, so identical content gives identical bytes."""
    raw = io.BytesIO()
    document.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return fixed.getvalue()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write content unless the file already holds exactly that; say whether it wrote."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def write_docx_interviews() -> list[Path]:
    """Write both DOCX interviews; return the paths."""
    renderers: dict[str, Callable[[DocxInterview], DocxDocument]] = {
        "otter": render_otter_docx,
        "rev": render_rev_docx,
    }
    paths = []
    for interview in DOCX_INTERVIEWS:
        style = "otter" if interview.filename.endswith("_otter.docx") else "rev"
        path = INTERVIEW_DIR / interview.filename
        write_if_changed(path, docx_bytes(renderers[style](interview)))
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------------
# Customer survey (Qualtrics export)
# ---------------------------------------------------------------------------------------------------

ROLES = ("Sales leader", "RevOps", "Founder", "Sales rep", "Procurement", "Finance")
ROLE_WEIGHTS = (30, 14, 17, 26, 5, 8)
SIZES = ("1-10", "11-50", "51-200", "201-500", "More than 500")
SIZE_WEIGHTS_BY_ROLE: dict[str, tuple[int, ...]] = {
    "Sales leader": (2, 25, 45, 22, 6),
    "RevOps": (0, 8, 45, 35, 12),
    "Founder": (35, 50, 13, 2, 0),
    "Sales rep": (3, 30, 42, 18, 7),
    "Procurement": (0, 5, 35, 40, 20),
    "Finance": (5, 25, 40, 22, 8),
}
TOOLS = ("Spreadsheets", "Free CRM", "Enterprise CRM", "Other CRM")
TOOL_WEIGHTS_BY_SIZE: dict[str, tuple[int, ...]] = {
    "1-10": (62, 28, 2, 8),
    "11-50": (42, 35, 8, 15),
    "51-200": (22, 33, 28, 17),
    "201-500": (10, 20, 52, 18),
    "More than 500": (5, 10, 65, 20),
}
MONTHS = ("Less than 3 months", "3-6 months", "7-12 months", "More than 12 months")
MONTH_WEIGHTS = (18, 30, 32, 20)

QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # (column, question text, import id)
    ("Q1", "Which best describes your role?", "QID1"),
    ("Q2", "How many people work at your company?", "QID2"),
    ("Q3", "Before Pipewell, what did your team mainly use to manage its sales pipeline?", "QID3"),
    ("Q4", "How long has your team been using Pipewell?", "QID4"),
    (
        "Q5",
        "How likely are you to recommend Pipewell to a friend or colleague? "
        "(0 = Not at all likely, 10 = Extremely likely)",
        "QID5",
    ),
    (
        "Q5_NPS_GROUP",
        "How likely are you to recommend Pipewell to a friend or colleague? - Group",
        "QID5_NPS_GROUP",
    ),
    ("Q6", "What made you start looking for a new CRM?", "QID6_TEXT"),
    ("Q7", "What almost stopped you from buying Pipewell?", "QID7_TEXT"),
    ("Q8", "What happened in your first two weeks with Pipewell?", "QID8_TEXT"),
    ("Q9", "What would you tell a peer who is considering Pipewell?", "QID9_TEXT"),
    ("Q10", "Is there anything else you would like to tell the Pipewell team?", "QID10_TEXT"),
)
META_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"America/Denver"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"America/Denver"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"America/Denver"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
)
OPEN_COLUMNS = ("Q6", "Q7", "Q8", "Q9", "Q10")

OLD_TOOL_NAMES: dict[str, tuple[str, ...]] = {
    "Spreadsheets": ("Excel", "Google Sheets", "our spreadsheet", "a shared Excel file", "a Google Sheet"),
    "Free CRM": ("HatchCRM", "Hatch", "HatchCRM Free", "the free HatchCRM plan"),
    "Enterprise CRM": ("Corvanta", "Meridian", "Corvanta Enterprise", "our enterprise CRM"),
    "Other CRM": ("ContactMax", "our old CRM", "an old on-prem CRM", "our industry CRM"),
}
COLLEAGUES = ("José", "Renée", "Zoë", "André", "Siobhán", "Björn", "Kate", "Dan", "Marco", "Ingrid", "Tom")
MISSING_FEATURES = (
    "territory management",
    "custom objects",
    "native e-signature",
    "a connector for our ERP",
    "a sandbox on the mid plan",
    "CPQ / quoting",
    "an offline mode for the mobile app",
    "commission tracking",
)

# Open-answer fragments. Each theme is a tuple of phrasings; {slots} are filled per respondent.
# Phrasings are full sentences so that they can be chained into longer answers.
Q6_THEMES: dict[str, tuple[str, ...]] = {
    "sheet_chaos": (
        "Our spreadsheet had become a monster. Eleven tabs, formulas nobody understood and three versions "
        "floating around in email.",
        "Two people editing {old} at the same time and overwriting each other, every single week.",
        "{old} just couldn't keep up anymore. Nobody trusted the numbers in it.",
        "We were tracking deals in {old} and it was always a week out of date.",
        "The sheet was fine at 5 people, it was a mess at {reps}.",
    ),
    "lost_deal": (
        "We lost a {deal} deal because nobody followed up. It was in the sheet, nobody saw it.",
        "A renewal slipped through the cracks and we only found out when the client had already signed "
        "with someone else.",
        "Missed follow-ups. Honestly we were losing deals just by forgetting to call people back.",
        "Lost a big renewal (about {deal}) because it wasn't on anyone's radar.",
    ),
    "rep_left": (
        "One of our senior reps left and took the whole pipeline with her, it was all in her inbox and "
        "her head.",
        "When {colleague} left we realised nobody else knew the status of any of those accounts.",
        "A rep quit and we had nothing written down about his 40-odd accounts. Never again.",
    ),
    "no_forecast": (
        "We couldn't forecast. Every month the number was a guess and we missed by {pct}%.",
        "I needed a forecast I could actually defend in front of the CEO.",
        "Forecasting was done by hand every Thursday and it was still wrong.",
        "No pipeline visibility - I had no idea what was really going to close this quarter.",
        "Our forecast calls took two hours and the number was still wrong.",
    ),
    "growth": (
        "We grew from {small_team} to {reps} sellers in about a year and the old way broke.",
        "We hired a bunch of new reps and there was no way to onboard them onto {old}.",
        "Growth. What worked for a small team didn't work anymore.",
    ),
    "free_limits": (
        "The free plan capped users and we had more people than that.",
        "They changed the free plan and we were suddenly over the user limit.",
        "We outgrew the free tier - no forecasting, basic reports, limited pipelines.",
        "The free version didn't do forecasting or proper reporting, and we needed both.",
    ),
    "upgrade_price": (
        "Upgrading {old} to the tier with forecasting would have cost us about twice what Pipewell costs.",
        "The paid plan of {old} was way too expensive for what it added.",
        "When we priced the upgrade, the features we needed were only in their top tier.",
    ),
    "dupes": (
        "Duplicates everywhere. About {pct}% of our accounts were in there twice or more.",
        "Reps calling the same prospect on the same day because of duplicate records. Embarrassing.",
        "Data quality was terrible, duplicate contacts, missing fields, no validation.",
        "We paid for the same leads twice because the old system couldn't catch duplicates.",
    ),
    "enterprise_cost": (
        "Cost. {old} was around ${old_seat_price} a seat and the renewal came in {pct}% higher.",
        "We were paying enterprise prices for a tool we used maybe 10% of.",
        "The renewal quote from {old} was the final straw.",
        "License plus an outside admin/consultant every year. It added up to a crazy number.",
    ),
    "enterprise_complex": (
        "{old} was too complex. Every change needed a consultant and took weeks.",
        "It took 3 clicks and 4 screens to log a call. Nobody did it.",
        "Way too complicated for a team our size. We didn't need a tool that needs its own admin team.",
        "Years of customisations nobody documented. Hundreds of fields, workflows fighting each other.",
    ),
    "low_adoption": (
        "Nobody on the team actually used {old}, they kept their real pipeline in Excel anyway.",
        "Adoption was awful. Half our opportunities hadn't been touched in 90 days.",
        "Reps hated it so the data in it was useless.",
    ),
    "old_unsupported": (
        "{old} was discontinued and stopped getting updates.",
        "Our server crashed and we found out the software wasn't supported anymore.",
        "The vendor got acquired and they basically told us to migrate to their new (much pricier) product.",
        "It was a desktop app on a server in a closet. In 2025.",
    ),
    "no_mobile": (
        "No usable mobile app. My reps are on the road all day.",
        "Field team couldn't update anything from their phones, so they did it on Friday afternoons. Or "
        "never.",
        "The mobile app kept crashing so nobody logged visits.",
    ),
    "integrations": (
        "We needed a proper API and integrations with billing and marketing automation. {old} made that "
        "really hard.",
        "API limits. We would have hit them in a day with the product usage sync we wanted to build.",
        "Email sync was broken half the time and there was no real integration with our other tools.",
    ),
    "rep_view": (
        "My manager decided, to be honest. But the old one was painful to update.",
        "Management wanted better forecasting. For us reps the old system was just double entry.",
        "Our sales director pushed for it after a bad quarter.",
        "I wasn't part of the decision, but we all complained about {old} a lot.",
    ),
    "procurement_view": (
        "Our contract with {old} was up for renewal and I was asked to get alternative quotes.",
        "Part of a vendor consolidation / cost reduction exercise.",
        "Renewal came up and the sales team asked us to look at cheaper options.",
    ),
    "founder_view": (
        "I was the CRM. Everything lived in my head and my inbox, and that doesn't scale.",
        "Referrals were slipping through the cracks. Someone would mention a project and I'd forget.",
        "I couldn't plan hiring because I had no idea what was going to sign in the next 3 months.",
        "Cash flow planning. I needed to see what's likely to land and when.",
    ),
    "board": (
        "Our investors wanted proper pipeline reporting for board meetings.",
        "The board asked for pipeline coverage numbers and we couldn't produce them.",
        "Finance wanted a forecast that matched what sales was saying, and they never matched.",
    ),
}

Q7_THEMES: dict[str, tuple[str, ...]] = {
    "price_vs_free": (
        "Paying for something when we had been using {old} for free. Hard to justify at first.",
        "Price. Going from free to ${seat_price} a seat is a big jump for a small team.",
        "The cost. {seats} seats adds up when you're used to paying nothing.",
        "Our CFO asked why we'd pay for something we get for free. Fair question tbh.",
    ),
    "price_general": (
        "Price, honestly.",
        "The per-seat price. We have a lot of users who only log in once a week.",
        "Paying per seat for people who only need to look at things.",
        "Budget. It wasn't planned for this year.",
    ),
    "annual_upfront": (
        "The annual plan is paid upfront and cash was tight that month.",
        "They really push the annual plan. Monthly is noticeably more expensive per seat.",
        "Didn't want to commit to a full year for a tool we hadn't used properly yet.",
    ),
    "migration": (
        "Migration. We had {years} years of history in {old} and I was scared of losing it.",
        "Fear of the data migration. Notes, activities, attachments - would any of it survive?",
        "Moving our custom fields over. We had a lot of them and they didn't map 1:1.",
        "Worried the commission reports would be wrong after migrating. Reps don't forgive that.",
    ),
    "adoption_fear": (
        "Would the team actually use it? We'd been burned by a CRM nobody used before.",
        "Reps hate new tools. I was worried about a revolt.",
        "Fear that it would become a ghost town nobody logs into.",
        "Change fatigue. We had just changed comp plans and territories the same year.",
    ),
    "habit_sheet": (
        'Everyone knows Excel. There was a lot of "what\'s wrong with the spreadsheet".',
        "Comfort. People liked {old}, no training needed, you can do anything in it.",
        "Our ops guy had built macros for everything and didn't want to let go.",
    ),
    "habit_vendor": (
        "Our inside sales manager loved the old reports and fought it hard.",
        "Comfort. We'd used {old} for years and people knew where everything was.",
    ),
    "big_name": (
        '"Nobody gets fired for buying {old}" - the big name felt safer.',
        "Leaving a big-name vendor for a smaller one made our CEO nervous.",
    ),
    "security_review": (
        "Our security review took {weeks} weeks. SOC 2, questionnaire, data residency, the works.",
        "IT security questionnaire. Pipewell had the answers but our process is slow.",
        "Legal and security review dragged on for weeks.",
    ),
    "contract_terms": (
        "Contract terms - liability cap and the auto-renewal clause took a few rounds.",
        "The DPA needed changes and it took a while to get their legal to agree.",
        "We require three bids for anything over our threshold, so it went through the full process.",
    ),
    "missing_feature": (
        "No {feature}. Still missing it.",
        "It doesn't have {feature} and we needed it. We found a workaround.",
        "They didn't have {feature} - almost a dealbreaker for us.",
    ),
    "vendor_trust": (
        "I'd never heard of them. Smaller vendor, worried they'd get acquired or disappear.",
        "Wasn't sure they'd still be around in 5 years.",
        "Lock-in. I checked that we could export everything before signing.",
    ),
    "cofounder_skeptic": (
        "My co-founder thought we could build it ourselves in Notion.",
        "My business partner didn't see the point. He likes his notebook.",
        "Convincing my partner it was worth the money.",
    ),
    "nothing": (
        "Nothing really, it was an easy decision.",
        "Honestly nothing. The trial convinced us.",
        "Not much. Once the team tried it the decision was made.",
    ),
    "not_involved": (
        "I wasn't involved in buying it.",
        "Not my call, management bought it.",
        "Don't know, I wasn't part of the decision.",
    ),
    "timing": (
        "Timing. It was right before our busy season and nobody wanted to switch then.",
        "End of quarter. Nobody wanted to change anything while we were closing.",
    ),
}

Q8_THEMES: dict[str, tuple[str, ...]] = {
    "smooth_import": (
        "Import went smoothly, took about an afternoon.",
        "We imported everything from {old} in a couple of hours and it just worked.",
        "The import tool caught our duplicates and let us merge them. Much easier than expected.",
    ),
    "quick_setup": (
        "Set up pipelines and stages in a day, team was using it by day 3.",
        "Got it running in an afternoon. Connected email and calendar, done.",
    ),
    "email_found": (
        "Email sync found {threads} threads where a customer was waiting on us. One became a deal.",
        "It flagged deals that had gone quiet that we'd completely forgotten about.",
        "Within a week it surfaced follow-ups we had dropped.",
    ),
    "forecast_first": (
        "First forecast meeting in Pipewell took 40 minutes instead of 2 hours.",
        "For the first time I could see the whole pipeline on one screen. Forecast call was so much easier.",
        "We ran our Monday pipeline meeting from the board and nobody had to prepare anything.",
    ),
    "onboarding_help": (
        "Onboarding person was great, very patient with our questions.",
        "{colleague} from their onboarding team helped us map fields and did a test import with us.",
        "Their onboarding sessions were actually useful, not just a sales pitch.",
    ),
    "mobile_win": (
        "The reps started logging visits from the mobile app, with voice notes. Never happened before.",
        "Field team loved the app. Logging a visit takes 30 seconds.",
    ),
    "team_adopted": (
        "Team picked it up quickly, fewer complaints than I expected.",
        "Reps actually liked it, which has never happened with a CRM here.",
        "Adoption was good after the first few days.",
    ),
    "import_mapping": (
        "Custom fields mapped wrong on the first import (numbers came in as text) so we had to redo it.",
        "Import was painful. Our export from {old} was a mess and it took {days} days to clean.",
        "Field mapping took longer than expected.",
    ),
    "dupes_cleanup": (
        "We spent {days} days merging duplicates. Necessary, but painful.",
        "Cleaning up duplicates from the import. The merge tool helped but it was a lot.",
    ),
    "email_sync_issue": (
        "Outlook add-in didn't log emails for some people the first week.",
        "Email sync was a bit of a disaster - private threads showed up on shared timelines until we "
        "changed the setting.",
        "Exchange integration took IT two tries.",
        "Calendar invites weren't syncing for a couple of people.",
    ),
    "double_entry": (
        "We ran {old} and Pipewell side by side. Big mistake, double entry for everyone.",
        "People kept updating {old} out of habit, so we had two versions of the truth for a while.",
    ),
    "reps_resist": (
        "Some reps resisted. A couple still don't log their calls.",
        "A lot of grumbling from the senior reps, they didn't see why we changed.",
        "Two of my reps refused to use it until we tied it to commission.",
    ),
    "history_lost": (
        "Some of our old notes didn't come across and reps were upset their history was gone.",
        "We only migrated 3 years of history, reps kept asking where the rest was.",
        "Attachments from {old} didn't migrate. Still annoyed about that.",
    ),
    "support_slow": (
        "Support took {days} days to answer a ticket that was blocking us.",
        "Support was slow and kept sending us help articles we'd already read.",
    ),
    "calendar_bug": (
        "Calendar had a time zone problem, some appointments showed up an hour off.",
        "There was a bug with multi-currency in the forecast. Fixed in a few days but annoying.",
    ),
    "permissions": (
        "Took a while to figure out permissions, managers could see things they shouldn't and vice versa.",
        "Roles and permissions were confusing at first.",
    ),
    "training_time": (
        "Mostly training. It took longer than we planned to get everyone comfortable.",
        "A lot of time in training sessions. Worth it, but it ate two weeks of selling time.",
    ),
    "rep_training": (
        "We had two training sessions and then just started using it.",
        "Got a login, watched some videos, figured it out.",
        "Mostly learning where things are. The pipeline board is pretty intuitive.",
    ),
}

Q9_THEMES: dict[str, tuple[str, ...]] = {
    "do_it": (
        "Do it. Best tool decision we made this year.",
        "Just do it, you won't regret it.",
        "Go for it. It's the first CRM my team doesn't hate.",
        "Highly recommend. Easy to use and the team actually uses it.",
    ),
    "real_data_trial": (
        "Put your real pipeline in during the trial, not demo data. You'll see the value straight away.",
        "Use the trial seriously - block a day and load your real deals.",
        "Get your reps into the trial, not just managers.",
    ),
    "kill_sheet": (
        "Kill the spreadsheet on day one. Don't run both.",
        "Make the old spreadsheet read-only from day one, or people will keep using it.",
    ),
    "cut_over": (
        "Pick a cut-over date and make the old system read-only.",
        "Don't run the old system alongside it, even for a week.",
    ),
    "value": (
        "Great value for the price compared to the big CRMs.",
        "For ${seat_price} a seat it's a fraction of what the big CRMs charge.",
        "Best value for money we found.",
    ),
    "forecast_worth": (
        "The forecast view alone is worth it.",
        "If forecasting is your pain, this fixes it.",
        "Pipeline visibility is night and day compared to before.",
    ),
    "good_but_reporting": (
        "Good tool, but check the reporting meets your needs. Custom reports are clunky.",
        "Solid for pipeline management. Reporting is its weak spot.",
        "It's good. Just don't expect advanced analytics, we export to Excel for that.",
    ),
    "budget_integration": (
        "Budget for integration work if you need it to talk to your ERP.",
        "Ask exactly how the integrations work before you sign. We had to pay a consultant.",
        "Check the integrations you need are native. Zapier is fine until it breaks.",
    ),
    "check_fit": (
        "It's fine for a straightforward sales process. If you have a complicated channel, go in with "
        "your eyes open.",
        "Make sure you don't need {feature}, it's not there yet.",
        "Good for most teams, check if it fits yours.",
    ),
    "clean_data_first": (
        "Clean your data before migrating, not after.",
        "Set up duplicate rules before you import anything.",
        "Do a test import first and check your numbers match.",
    ),
    "small_team_caveat": (
        "For a small team it's a lot of tool. Start with a few seats.",
        "Don't buy seats for everyone on day one.",
        "Worth it, but the monthly price is steep if you don't commit to annual.",
    ),
    "look_elsewhere": (
        "Look at alternatives first.",
        "I'd look elsewhere if you need {feature}.",
        "Honestly I'd shop around. It's ok but not great.",
    ),
    "support_bad": (
        "Support is slow. Be ready to figure things out yourself.",
        "Great sales team, not so great support once you've signed.",
    ),
    "reporting_weak": (
        "Reporting is too basic for us, we export everything anyway.",
        "If you need real reporting, this isn't it.",
    ),
    "price_creep": (
        "Watch the add-ons. The price on the website isn't what you end up paying.",
        "The sandbox and some integrations are add-ons, so the real price is higher.",
    ),
    "not_for_complex": (
        "Not great for complex sales with multiple product lines and overlapping territories.",
        "We've outgrown it already. Fine for smaller teams.",
    ),
    "evaluating_alternatives": (
        "We're evaluating alternatives for next year, so I wouldn't.",
        "Wouldn't recommend right now, too many workarounds.",
    ),
}

Q10_THEMES: dict[str, tuple[str, ...]] = {
    "praise": (
        "Keep up the good work!",
        "Love the product, thank you.",
        "Thanks for listening to feedback, the last few updates were great.",
        "{colleague} in support was amazing, please pass that on.",
    ),
    "request": (
        "Please add {feature}.",
        "Would love {feature}.",
        "Better reporting please!! Grouping by custom fields especially.",
        "Dark mode please.",
        "Make email sync private by default.",
        "Please make the Outlook add-in more reliable.",
        "Bulk edit on the mobile app would be great.",
    ),
    "complaint": (
        "Stop raising prices.",
        "Please fix the Outlook add-in.",
        "Support response times need to improve.",
        "The app logs me out constantly.",
    ),
}

SHORT_ANSWERS: dict[str, dict[str, tuple[str, ...]]] = {
    # question -> NPS group, previous tool or "any" -> short answers
    "Q6": {
        "any": ("Growth", "Forecasting.", "duplicates", "Visibility"),
        "Spreadsheets": ("Spreadsheets.", "Outgrew Excel", "excel chaos"),
        "Free CRM": ("Outgrew the free plan", "User limit on the free plan.", "No forecasting"),
        "Enterprise CRM": ("Price.", "Cost", "Too complicated.", "Renewal price"),
        "Other CRM": ("Old system died.", "No mobile app", "Unsupported software"),
    },
    "Q7": {
        "any": (
            "Price.",
            "Price",
            "Cost.",
            "Migration",
            "n/a",
            "N/A",
            "The annual contract",
            "Security review",
        ),
        "promoter": ("Nothing", "nothing really", "Nothing."),
    },
    "Q8": {
        "any": ("Training", "Import.", "n/a", "Setup, mostly.", "-", "Onboarding calls"),
        "promoter": ("All good!", "It just worked."),
        "detractor": ("Not much.", "Chaos."),
    },
    "Q9": {
        "promoter": ("Do it.", "Go for it", "Try it!", "Buy it.", "10/10"),
        "passive": ("It's fine.", "Try the trial.", "Depends on your needs.", "n/a"),
        "detractor": ("Look elsewhere.", "Don't.", "Shop around.", "n/a"),
    },
    "Q10": {"any": ("No", "no", "Nope", "n/a", "Thanks", "-")},
}

TYPOS: tuple[tuple[str, str], ...] = (
    ("definitely", "definately"),
    ("separate", "seperate"),
    ("receive", "recieve"),
    ("pipeline", "pipleine"),
    ("their", "thier"),
    ("forecast", "forcast"),
    ("really", "realy"),
    ("because", "becuase"),
    ("calendar", "calender"),
    ("the ", "teh "),
    ("until", "untill"),
    ("spreadsheet", "spreadhseet"),
    ("actually", "acutally"),
)
KEEP_CASE_WORDS = frozenset(
    {
        "I",
        "I'm",
        "I'd",
        "I've",
        "Pipewell",
        "Excel",
        "Google",
        "HatchCRM",
        "Hatch",
        "Corvanta",
        "Meridian",
        "ContactMax",
        "Outlook",
        "Exchange",
        "Zapier",
        "Notion",
    }
)


@dataclass(frozen=True)
class Respondent:
    """A survey respondent's closed answers and writing habits."""

    role: str
    size: str
    previous_tool: str
    months: str
    nps: int
    smart_typography: bool
    sloppy: bool
    verbose: bool


def nps_group(score: int) -> str:
    """Promoter (9-10), passive (7-8) or detractor (0-6)."""
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


def pick(rng: random.Random, options: Sequence[str], weights: Sequence[float]) -> str:
    """One option, drawn by weight."""
    return rng.choices(list(options), weights=list(weights), k=1)[0]


def draw_nps(rng: random.Random, role: str, size: str, tool: str, months: str) -> int:
    """NPS score that leans with the respondent's profile (reps and big companies score lower)."""
    mean = 8.4
    mean += {"Enterprise CRM": 0.4, "Spreadsheets": 0.3, "Free CRM": 0.0, "Other CRM": -0.6}[tool]
    mean += {
        "Sales leader": 0.2,
        "RevOps": -0.1,
        "Founder": -0.3,
        "Sales rep": -0.7,
        "Procurement": 0.1,
        "Finance": 0.3,
    }[role]
    mean += {"More than 500": -1.0, "201-500": -0.3}.get(size, 0.0)
    mean += {"Less than 3 months": -0.3, "More than 12 months": 0.2}.get(months, 0.0)
    score = round(rng.gauss(mean, 1.9))
    return max(0, min(10, score))


def draw_respondent(rng: random.Random) -> Respondent:
    """A respondent whose size, previous tool and score follow from their role."""
    role = pick(rng, ROLES, ROLE_WEIGHTS)
    size = pick(rng, SIZES, SIZE_WEIGHTS_BY_ROLE[role])
    tool = pick(rng, TOOLS, TOOL_WEIGHTS_BY_SIZE[size])
    months = pick(rng, MONTHS, MONTH_WEIGHTS)
    return Respondent(
        role=role,
        size=size,
        previous_tool=tool,
        months=months,
        nps=draw_nps(rng, role, size, tool, months),
        smart_typography=rng.random() < 0.18,
        sloppy=rng.random() < 0.10,
        verbose=rng.random() < 0.08,
    )


def slot_values(rng: random.Random, person: Respondent) -> dict[str, str]:
    """Concrete details for the {slots} in the fragments, consistent for one respondent."""
    reps_range = {
        "1-10": (2, 5),
        "11-50": (4, 14),
        "51-200": (8, 32),
        "201-500": (18, 60),
        "More than 500": (40, 150),
    }[person.size]
    reps = rng.randint(*reps_range)
    return {
        "old": rng.choice(OLD_TOOL_NAMES[person.previous_tool]),
        "reps": str(reps),
        "small_team": str(max(1, reps // 3)),
        "seats": str(reps + rng.randint(0, 4)),
        "seat_price": "45",
        "old_seat_price": str(rng.choice((140, 150, 160, 165, 175, 190))),
        "deal": f"${rng.choice((15, 18, 22, 25, 30, 38, 45, 60, 80, 90))}k",
        "pct": str(rng.choice((12, 15, 18, 20, 25, 30, 31, 35, 40))),
        "years": str(rng.randint(3, 10)),
        "weeks": str(rng.randint(2, 8)),
        "days": str(rng.randint(2, 6)),
        "threads": str(rng.randint(2, 9)),
        "colleague": rng.choice(COLLEAGUES),
        "feature": rng.choice(MISSING_FEATURES),
    }


def q6_weights(person: Respondent) -> dict[str, float]:
    """Why they started looking: pushes depend on the previous tool and on the role."""
    by_tool: dict[str, dict[str, float]] = {
        "Spreadsheets": {"sheet_chaos": 5, "lost_deal": 3, "rep_left": 2, "no_forecast": 3, "growth": 3},
        "Free CRM": {
            "free_limits": 4,
            "upgrade_price": 3,
            "no_forecast": 3,
            "dupes": 2,
            "growth": 2,
            "lost_deal": 1,
        },
        "Enterprise CRM": {
            "enterprise_cost": 5,
            "enterprise_complex": 4,
            "low_adoption": 3,
            "integrations": 1,
            "no_mobile": 1,
        },
        "Other CRM": {"old_unsupported": 4, "no_mobile": 3, "low_adoption": 2, "integrations": 2, "dupes": 1},
    }
    by_role: dict[str, dict[str, float]] = {
        "Sales leader": {"no_forecast": 3, "board": 1, "lost_deal": 1},
        "RevOps": {"dupes": 4, "integrations": 4},
        "Founder": {"founder_view": 6, "lost_deal": 2},
        "Sales rep": {"rep_view": 6, "no_mobile": 1},
        "Procurement": {"procurement_view": 8},
        "Finance": {"board": 3, "enterprise_cost": 2, "no_forecast": 1},
    }
    weights = dict(by_tool[person.previous_tool])
    for theme, weight in by_role[person.role].items():
        weights[theme] = weights.get(theme, 0) + weight
    if person.previous_tool != "Enterprise CRM":
        weights.pop("enterprise_cost", None)
    return weights


# Anxieties and habits that come with each role, on top of the ones every buyer has.
Q7_EXTRA_BY_ROLE: dict[str, dict[str, float]] = {
    "Founder": {"cofounder_skeptic": 2.5, "price_vs_free": 2, "annual_upfront": 2},
    "RevOps": {"migration": 3, "missing_feature": 2, "security_review": 1},
    "Procurement": {"contract_terms": 5, "security_review": 3},
    "Finance": {"price_general": 3, "contract_terms": 2},
    "Sales rep": {"not_involved": 7},
    "Sales leader": {"adoption_fear": 2},
}


def q7_weights(person: Respondent) -> dict[str, float]:
    """What almost stopped them: anxieties and habits, fewer of them for promoters."""
    weights: dict[str, float] = {
        "price_general": 2,
        "adoption_fear": 2,
        "missing_feature": 1.5,
        "vendor_trust": 1,
        "timing": 1,
    }
    if person.previous_tool == "Spreadsheets":
        weights.update(price_vs_free=4, habit_sheet=2)
    elif person.previous_tool == "Free CRM":
        weights.update(price_vs_free=4)
    else:
        weights.update(migration=4, habit_vendor=2)
    if person.previous_tool == "Enterprise CRM":
        weights["big_name"] = 1.5
    if person.size in ("1-10", "11-50"):
        weights["annual_upfront"] = 2
    if person.size in ("201-500", "More than 500"):
        weights["security_review"] = 2.5
    extra = Q7_EXTRA_BY_ROLE[person.role]
    for theme, weight in extra.items():
        weights[theme] = weights.get(theme, 0) + weight
    if nps_group(person.nps) == "promoter":
        weights["nothing"] = 3
    return weights


def q8_weights(person: Respondent) -> dict[str, float]:
    """First two weeks: mostly good for promoters, rough for detractors."""
    good = {
        "smooth_import": 2,
        "quick_setup": 1.5,
        "email_found": 2,
        "forecast_first": 1.5,
        "onboarding_help": 2,
        "mobile_win": 1,
        "team_adopted": 2,
    }
    bad = {
        "import_mapping": 2,
        "dupes_cleanup": 1.5,
        "email_sync_issue": 2,
        "double_entry": 1.5,
        "reps_resist": 2,
        "history_lost": 1.5,
        "support_slow": 1,
        "calendar_bug": 1,
        "permissions": 1,
        "training_time": 1.5,
    }
    group = nps_group(person.nps)
    good_factor, bad_factor = {"promoter": (1.6, 0.5), "passive": (1.0, 1.0), "detractor": (0.3, 1.8)}[group]
    weights = {theme: w * good_factor for theme, w in good.items()}
    weights.update({theme: w * bad_factor for theme, w in bad.items()})
    if person.role == "Sales rep":
        weights["rep_training"] = 6
        weights["forecast_first"] = 0.2
        weights["reps_resist"] *= 0.2
    if person.previous_tool == "Spreadsheets":
        weights["double_entry"] *= 2
        weights["history_lost"] = 0
    if person.role == "RevOps":
        weights["dupes_cleanup"] *= 2
        weights["import_mapping"] *= 2
    if person.role in ("Procurement", "Finance"):
        weights["forecast_first"] *= 1.5
        weights["mobile_win"] = 0.2
        weights["reps_resist"] *= 0.2
    if person.size == "1-10":
        weights["mobile_win"] = 0.2
        weights["reps_resist"] *= 0.3
        weights["permissions"] *= 0.3
    return weights


def q9_weights(person: Respondent) -> dict[str, float]:
    """Advice to a peer: follows the NPS group closely."""
    group = nps_group(person.nps)
    if group == "promoter":
        weights: dict[str, float] = {
            "do_it": 4,
            "real_data_trial": 2,
            "kill_sheet": 1.5,
            "value": 2.5,
            "forecast_worth": 2,
            "clean_data_first": 0.8,
        }
        if person.previous_tool == "Spreadsheets":
            weights["kill_sheet"] = 3
        else:
            weights["cut_over"] = weights.pop("kill_sheet")
        return weights
    if group == "passive":
        weights = {
            "good_but_reporting": 3,
            "budget_integration": 2,
            "check_fit": 2,
            "clean_data_first": 2,
            "small_team_caveat": 1,
            "value": 1,
            "real_data_trial": 1,
        }
        if person.size in ("1-10", "11-50"):
            weights["small_team_caveat"] = 3
        return weights
    return {
        "look_elsewhere": 3,
        "support_bad": 2,
        "reporting_weak": 2,
        "price_creep": 2,
        "not_for_complex": 2 if person.size in ("201-500", "More than 500") else 0.5,
        "evaluating_alternatives": 1.5,
        "budget_integration": 1,
    }


def q10_weights(person: Respondent) -> dict[str, float]:
    """Anything else: praise from promoters, complaints from detractors, requests from everyone."""
    group = nps_group(person.nps)
    return {
        "praise": {"promoter": 4, "passive": 1, "detractor": 0}[group],
        "request": 3,
        "complaint": {"promoter": 0, "passive": 1, "detractor": 4}[group],
    }


THEME_BANKS: dict[str, tuple[dict[str, tuple[str, ...]], Callable[[Respondent], dict[str, float]]]] = {
    "Q6": (Q6_THEMES, q6_weights),
    "Q7": (Q7_THEMES, q7_weights),
    "Q8": (Q8_THEMES, q8_weights),
    "Q9": (Q9_THEMES, q9_weights),
    "Q10": (Q10_THEMES, q10_weights),
}
BLANK_RATE = {"Q6": 0.04, "Q7": 0.08, "Q8": 0.09, "Q9": 0.10, "Q10": 0.66}
SHORT_RATE = {"Q6": 0.07, "Q7": 0.10, "Q8": 0.06, "Q9": 0.10, "Q10": 0.35}
# Joining words between two themes in one answer. Same-tone themes get an "also"-type connector,
# a switch between a good and a bad experience gets a "but"-type one. A connector is only used when the
# next sentence starts with a word that reads well after it ("And we...", not "And set up...").
SAME_TONE_CONNECTORS = (" ", " ", " ", " ", " Also, ", " And ")
TONE_SWITCH_CONNECTORS = (" But ", " That said, ", " ", " But ")
CONNECTABLE_FIRST_WORDS = frozenset(
    {
        "we",
        "our",
        "the",
        "it",
        "i",
        "they",
        "my",
        "nobody",
        "reps",
        "support",
        "people",
        "some",
        "two",
        "field",
        "email",
        "import",
        "onboarding",
        "everyone",
        "adoption",
        "management",
        "a",
        "data",
        "team",
        "there",
        "one",
        "when",
        "within",
        "for",
        "if",
        "it's",
        "we'd",
        "we're",
        "i'd",
        "i'm",
    }
)
# Pairs of themes that contradict each other and never share an answer.
CONFLICTING_THEMES = frozenset(
    frozenset(pair)
    for pair in (
        ("smooth_import", "import_mapping"),
        ("smooth_import", "dupes_cleanup"),
        ("smooth_import", "history_lost"),
        ("team_adopted", "reps_resist"),
        ("quick_setup", "training_time"),
        ("onboarding_help", "support_slow"),
        ("mobile_win", "reps_resist"),
        ("price_vs_free", "price_general"),
    )
)
# Themes that are the whole answer when they come up ("I wasn't involved" plus a complaint reads oddly).
EXCLUSIVE_THEMES = frozenset({"nothing", "not_involved", "rep_training"})
POSITIVE_THEMES = frozenset(
    {
        "smooth_import",
        "quick_setup",
        "email_found",
        "forecast_first",
        "onboarding_help",
        "mobile_win",
        "team_adopted",
        "do_it",
        "real_data_trial",
        "kill_sheet",
        "value",
        "forecast_worth",
        "praise",
    }
)
NEGATIVE_THEMES = frozenset(
    {
        "import_mapping",
        "dupes_cleanup",
        "email_sync_issue",
        "double_entry",
        "reps_resist",
        "history_lost",
        "support_slow",
        "calendar_bug",
        "permissions",
        "training_time",
        "good_but_reporting",
        "look_elsewhere",
        "support_bad",
        "reporting_weak",
        "price_creep",
        "not_for_complex",
        "evaluating_alternatives",
        "complaint",
    }
)


def lower_first(sentence: str) -> str:
    """Lower-case the first letter unless the first word is a name or "I"."""
    first = sentence.split(" ", 1)[0].strip(".,")
    if first in KEEP_CASE_WORDS or first.startswith("{") or first[:1] in '"$':
        return sentence
    return sentence[:1].lower() + sentence[1:]


def tone(theme: str) -> int:
    """+1 for a good experience, -1 for a bad one, 0 otherwise."""
    return 1 if theme in POSITIVE_THEMES else -1 if theme in NEGATIVE_THEMES else 0


def joiner(rng: random.Random, previous: str, theme: str, sentence: str) -> str:
    """The text that joins `sentence` (of `theme`) onto an answer that ended with `previous`."""
    switch = tone(previous) * tone(theme) < 0
    connector = rng.choice(TONE_SWITCH_CONNECTORS if switch else SAME_TONE_CONNECTORS)
    first_word = sentence.split(" ", 1)[0].lower().replace("\u2019", "'")
    if not connector.strip() or first_word not in CONNECTABLE_FIRST_WORDS:
        return " " + sentence
    return connector + lower_first(sentence)


def compose(
    rng: random.Random,
    themes: dict[str, tuple[str, ...]],
    weights: dict[str, float],
    count: int,
    slots: dict[str, str],
) -> str:
    """Chain `count` distinct themes into one answer and fill in the slots."""
    names = [name for name, weight in weights.items() if weight > 0]
    first = pick(rng, names, [weights[n] for n in names])
    chosen = [first]
    if first not in EXCLUSIVE_THEMES:
        names = [name for name in names if name not in EXCLUSIVE_THEMES]
        while len(chosen) < min(count, len(names)):
            name = pick(rng, names, [weights[n] for n in names])
            if name not in chosen and not any(frozenset((name, c)) in CONFLICTING_THEMES for c in chosen):
                chosen.append(name)
    answer = rng.choice(themes[chosen[0]])
    used: set[str] = set()
    for previous, name in itertools.pairwise(chosen):
        sentence = rng.choice(themes[name])
        if not answer.endswith((".", "!", "?")):
            answer += "."
        joined = joiner(rng, previous, name, sentence)
        if joined[: -len(sentence)].strip() in used:
            joined = " " + sentence
        used.add(joined[: -len(sentence)].strip())
        answer += joined
    return capitalize_sentences(answer.format_map(slots))


def capitalize_sentences(text: str) -> str:
    """Upper-case the first letter of each sentence (a slot such as "our spreadsheet" may start one)."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda match: match.group(1) + match.group(2).upper(), text)


def apply_voice(rng: random.Random, person: Respondent, answer: str) -> str:
    """Make the answer look typed by this person: smart quotes, dashes, sloppiness, typos."""
    if person.smart_typography:
        answer = answer.replace("'", "\u2019").replace(" - ", " \u2014 ")
        answer = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", answer)
    if person.sloppy:
        answer = answer.lower().rstrip(".")
        answer = answer.replace(" and ", " & ", 1) if rng.random() < 0.4 else answer
    if rng.random() < (0.25 if person.sloppy else 0.08):
        candidates = [pair for pair in TYPOS if pair[0] in answer]
        # "the " is in almost every answer, so "teh" would swamp the other typos: use it sparingly.
        if len(candidates) > 1 or rng.random() < 0.6:
            candidates = [pair for pair in candidates if pair[0] != "the "]
        if candidates:
            right, wrong = rng.choice(candidates)
            answer = answer.replace(right, wrong, 1)
    return answer


def open_answer(rng: random.Random, person: Respondent, column: str, slots: dict[str, str]) -> str:
    """One open answer: blank, a short one, or one to four chained themes in the person's voice."""
    blank_rate = BLANK_RATE[column] * (1.8 if person.role == "Sales rep" else 1.0)
    if rng.random() < blank_rate:
        return ""
    group = nps_group(person.nps)
    shorts = SHORT_ANSWERS[column]
    pool = shorts.get(group, ()) + shorts.get(person.previous_tool, ()) + shorts.get("any", ())
    if pool and not person.verbose and rng.random() < SHORT_RATE[column]:
        return rng.choice(pool)
    themes, weigh = THEME_BANKS[column]
    if column == "Q10":
        count = 1
    elif person.verbose:
        count = rng.choice((2, 3, 3, 4))
    else:
        count = rng.choices((1, 2, 3), weights=(62, 30, 8))[0]
    return apply_voice(rng, person, compose(rng, themes, weigh(person), count, slots))


def survey_timestamps(rng: random.Random, duration: int) -> tuple[datetime, datetime, datetime]:
    """Start, end and recorded time; most responses come right after the invite or the reminder."""
    wave = pick(rng, ("invite", "reminder", "late"), (55, 33, 12))
    base = {
        "invite": datetime(2025, 9, 15, 8, 0),
        "reminder": datetime(2025, 9, 22, 8, 0),
        "late": datetime(2025, 9, 24, 8, 0),
    }[wave]
    spread_days = {"invite": 4, "reminder": 2, "late": 15}[wave]
    start = base + timedelta(
        days=rng.randint(0, spread_days), minutes=rng.randint(0, 10 * 60), seconds=rng.randint(0, 59)
    )
    end = start + timedelta(seconds=duration)
    recorded = end + timedelta(seconds=rng.randint(0, 2))
    return start, end, recorded


def response_id(rng: random.Random) -> str:
    """A Qualtrics-looking response id, R_ followed by 15 letters and digits."""
    return "R_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(15))


def survey_rows(rng: random.Random) -> list[dict[str, str]]:
    """All respondent rows, in the order Qualtrics exports them (by recorded date)."""
    rows: list[dict[str, str]] = []
    for _ in range(SURVEY_RESPONDENTS):
        person = draw_respondent(rng)
        slots = slot_values(rng, person)
        answers = {column: open_answer(rng, person, column, slots) for column in OPEN_COLUMNS}
        finished = rng.random() > 0.06
        progress = 100
        if not finished:
            # Dropped out part-way: everything after the last question they reached is empty.
            reached = rng.randint(1, 3)
            for column in OPEN_COLUMNS[reached:]:
                answers[column] = ""
            progress = {1: 55, 2: 64, 3: 73}[reached]
        typed = sum(len(text) for text in answers.values())
        duration = 60 + rng.randint(20, 90) + typed // rng.randint(3, 6)
        start, end, recorded = survey_timestamps(rng, duration)
        row = {
            "StartDate": start.strftime("%Y-%m-%d %H:%M:%S"),
            "EndDate": end.strftime("%Y-%m-%d %H:%M:%S"),
            "Status": "IP Address",
            "Progress": str(progress),
            "Duration (in seconds)": str(duration),
            "Finished": "True" if finished else "False",
            "RecordedDate": recorded.strftime("%Y-%m-%d %H:%M:%S"),
            "ResponseId": response_id(rng),
            "DistributionChannel": "email",
            "UserLanguage": "EN",
            "Q1": person.role,
            "Q2": person.size,
            "Q3": person.previous_tool,
            "Q4": person.months,
            "Q5": str(person.nps),
            "Q5_NPS_GROUP": nps_group(person.nps).capitalize(),
        }
        row.update(answers)
        rows.append(row)
    rows.sort(key=lambda r: r["RecordedDate"])
    return rows


def survey_csv(rows: list[dict[str, str]]) -> bytes:
    """The three Qualtrics header rows, then one row per response, UTF-8 with a BOM like Qualtrics."""
    columns = META_COLUMNS + QUESTIONS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column for column, _, _ in columns])
    writer.writerow([text for _, text, _ in columns])
    writer.writerow(
        [
            import_id if import_id.startswith("{") else f'{{"ImportId":"{import_id}"}}'
            for _, _, import_id in columns
        ]
    )
    for row in rows:
        writer.writerow([row[column] for column, _, _ in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_survey() -> Path:
    """Generate and write the survey export; return its path."""
    rows = survey_rows(random.Random(SEED))
    write_if_changed(SURVEY_PATH, survey_csv(rows))
    return SURVEY_PATH


def main() -> None:
    """Write every generated demo file and say where."""
    for path in [*write_docx_interviews(), write_survey()]:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
