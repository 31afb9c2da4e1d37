"""Touchpoints and thoughts only where the words are used in that sense: met by the respondent, no
phrasal verb of another meaning, no tag question."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp.aggregate.journey_rows import LEXICON_PATH, JourneyLexiconError, default_extractor, load_lexicon


def labels(text: str, row: str) -> list[str]:
    return default_extractor().labels(text)[row]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Met by the respondent: the object of a verb of meeting, with a first person.
        ("I went to their website to check the plans.", ["website"]),
        ("We raised a ticket the same day.", ["support ticket"]),
        ("They sent us a proposal after the call.", ["quote"]),
        ("I watched a demo on Tuesday.", ["demo"]),
        ("I had to look at the documentation for hours.", ["help centre"]),
        # The same words for something else.
        ("It became too much of a website, and less of a vision company.", []),
        ("MySQL is ubiquitous in the very large website space.", []),
        ("So this guy on our team looks at the ticket and builds whatever he thought.", []),
        ("I finish writing a proposal and submit it to the committee.", []),
        ("What we submitted in the proposal was different.", []),
        ("We send a proposal to every customer.", []),
        ("We make sure there is proper documentation for these datasets.", []),
        ("YouChat has access to a more traditional search engine underneath it.", []),
        ("Customers generate data such as online reviews and sentiment.", []),
        ("I've referred to my inner monologue as my own language model.", []),
        # Phrases that are not ambiguous need no verb.
        ("Their pricing page was confusing.", ["pricing page"]),
        ("A colleague referred us to them.", ["referral"]),
        ("We opened a support ticket.", ["support ticket"]),
    ],
)
def test_ambiguous_touchpoints_need_the_respondent_to_meet_them(text: str, found: list[str]) -> None:
    assert labels(text, "touchpoints") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Customers name what they met with a definite or possessive word, or a number ...
        ("The price on the website isn't what you end up paying.", ["website"]),
        ("The trial convinced us.", ["free trial"]),
        ("Their website was slow.", ["website"]),
        ("I did two demos in August.", ["demo"]),
        # ... and talk of such things in general takes "a", "any", "every".
        ("You simply try out shades of a button on a website.", []),
        ("They still had a lot of awesome demos back then.", []),
        ("It serves an extremely rapidly growing website.", []),
        # A set phrase is another thing: a market, a practice run.
        ("We did a trial run of the survey.", []),
    ],
)
def test_customer_facing_touchpoints_count_unless_generic(text: str, found: list[str]) -> None:
    assert labels(text, "touchpoints") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # What the speaker's side makes or sells is their work, not a touchpoint they met ...
        ("We design and build websites and web apps, mostly for mid-sized companies.", []),
        ("I built their website last spring.", []),
        ("We make demos for every client.", []),
        # ... as is a touchpoint word naming another thing that it modifies ...
        ("We do accounts payable automation, so invoice capture, approvals, payments.", []),
        ("We sell invoice-processing software to hospitals.", []),
        ("They use the website builder for everything.", []),
        # ... or one that a first-person possessive makes the speaker's.
        ("That was our sales pitch for two years.", []),
        ("My sales pitch to investors was weak.", []),
        ("Our new sales pitch landed better.", []),
        ("The homeowner would fill out our website form.", []),
        # What the customer met still counts.
        ("I went to their website.", ["website"]),
        ("The sales pitch they gave us was slick.", ["sales call"]),
        ("We got an invoice from them.", ["invoice"]),
        ("They built us a custom demo and we loved the demo.", ["demo"]),
        ("We created a support ticket the same day.", ["support ticket"]),
        ("Their invoice processing fee was hidden on the invoice.", ["invoice"]),
        ("Their onboarding sessions were useful, not just a sales pitch.", ["onboarding", "sales call"]),
    ],
)
def test_the_speakers_own_work_is_no_touchpoint(text: str, found: list[str]) -> None:
    assert labels(text, "touchpoints") == found


@pytest.mark.parametrize(
    ("row", "text", "found"),
    [
        # A channel the speaker's side makes, as a bare object (among others) of a verb of making ...
        ("channels", "We design and build websites and web apps, mostly for mid-sized companies.", []),
        ("channels", "We build mobile apps for banks.", []),
        ("touchpoints", "We design and build websites and landing pages.", []),
        # ... and an action that is their trade: present simple, bare object.
        ("actions", "We install solar, mostly residential, some small commercial.", []),
        ("actions", "We also install batteries for farms.", []),
        ("actions", "We install solar on commercial roofs.", []),
        ("actions", "We install solar for our clients across Ohio.", []),
        ("actions", "We install solar in the area and a bit beyond.", []),
        ("actions", "We install boilers in the Leeds area.", []),
        # A channel or action the customer met or took still counts.
        ("channels", "I made a phone call to their support.", ["phone"]),
        ("channels", "We installed their app on every laptop.", ["app"]),
        ("actions", "We installed solar last year.", ["install"]),
        ("actions", "We had to install solar before the sale.", ["install"]),
        ("actions", "We install the app on every laptop.", ["install"]),
        ("actions", "We install it ourselves.", ["install"]),
        ("actions", "Then we install Slack on every laptop.", ["install"]),
        # A place or beneficiary of the speaker's own after the object makes it their own use, not a trade.
        ("actions", "So we install solar on the barn.", ["install"]),
        ("actions", "Now we install updates at home every month.", ["install"]),
        ("actions", "We install new carpets in our house ourselves.", ["install"]),
        ("actions", "We install solar for our family, mostly to save money.", ["install"]),
    ],
)
def test_the_speakers_trade_is_no_channel_or_action(row: str, text: str, found: list[str]) -> None:
    assert labels(text, row) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The speaker's own business with their clients: handled, lost or sold by their side ...
        ("And then our two account directors handle renewals and upsells with existing clients.", []),
        ("We lost the renewal to a competitor.", []),
        ("Lost a big renewal (about $38k) because it wasn't on anyone's radar.", []),
        ("The forty-five thousand renewal we lost, the cost of the tool, and what I'd track.", []),
        # ... owned by their client ...
        ("The client's contract ended in June, and they'd been waiting for a proposal from us.", []),
        ("Our clients' renewals all fall in March.", []),
        # ... or theirs to give.
        ("They were waiting on a quote from us.", []),
        # The speaker's renewal or contract with a vendor still counts.
        ("Our renewal came up in May.", ["renewal"]),
        ("Their contract was rigid.", ["contract"]),
        ("We signed the contract with them.", ["contract"]),
        ("Our contract with ContactMax was up for renewal.", ["contract", "renewal"]),
        ("They sent us a proposal after the call.", ["quote"]),
    ],
)
def test_the_speakers_own_business_is_no_touchpoint(text: str, found: list[str]) -> None:
    assert labels(text, "touchpoints") == found


def test_business_phrases_must_be_touchpoint_phrases(tmp_path: Path) -> None:
    met = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["respondent_met"]
    met["business"] = ["renewal", "upsell"]
    with pytest.raises(
        JourneyLexiconError, match=r"respondent_met\.business\[1\]: 'upsell' is not a touchpoint"
    ):
        load_lexicon(write(tmp_path, respondent_met=met))


def test_owned_phrases_must_be_touchpoint_phrases(tmp_path: Path) -> None:
    met = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["respondent_met"]
    met["owned"] = ["website", "pitch deck"]
    with pytest.raises(
        JourneyLexiconError, match=r"respondent_met\.owned\[1\]: 'pitch deck' is not a touchpoint"
    ):
        load_lexicon(write(tmp_path, respondent_met=met))


def test_own_work_keys_are_optional(tmp_path: Path) -> None:
    met = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["respondent_met"]
    for key in ("makes", "compounds", "owners", "owned", "business", "deals", "clients"):
        met.pop(key)
    lexicon = load_lexicon(write(tmp_path, respondent_met=met))
    assert lexicon.respondent_met.makes == frozenset()
    assert lexicon.respondent_met.owned == ()
    assert lexicon.respondent_met.business == ()


def test_definite_phrases_must_be_touchpoint_phrases(tmp_path: Path) -> None:
    met = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["respondent_met"]
    met["definite"] = ["website", "rocket"]
    with pytest.raises(
        JourneyLexiconError, match=r"respondent_met\.definite\[1\]: 'rocket' is not a touchpoint"
    ):
        load_lexicon(write(tmp_path, respondent_met=met))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It wouldn't be right to say that I've figured it out.", []),
        ("We figured that out in the seventies.", []),
        ("I figured the price would go up.", ["figured"]),
    ],
)
def test_a_particle_makes_a_thought_verb_another_verb(text: str, found: list[str]) -> None:
    assert labels(text, "thoughts") == found


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Most companies struggle with product discovery, right?", False),
        ("Right?", False),
        ("So you've got two weeks, huh?", False),
        ("But with colour it was a lot more expensive? Or?", False),
        ("Which one is right?", True),
        ("If it's more than 95% you're okay?", True),
        ("How do we let you use the exact version of the library you need?", True),
    ],
)
def test_a_tag_question_is_no_open_question(text: str, question: bool) -> None:
    assert ("open question" in labels(text, "thoughts")) is question


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # Put to the listener: the respondent asks the interviewer.
        ("Have you heard of it?", False),
        ("Do you know what I mean by that?", False),
        ("Does that make sense?", False),
        ("And, um, did you see their pricing?", False),
        # A bare, hesitant answer.
        ("Um, six?", False),
        ("Honestly?", False),
        # What the customer asked themselves.
        ("What if that one breaks?", True),
        ("Would it even work for us?", True),
        ("Um, would the team actually use it?", True),
        ("And that was my big question from the start: can you connect to our ERP?", True),
    ],
)
def test_a_question_to_the_listener_or_a_bare_answer_is_no_open_question(text: str, question: bool) -> None:
    assert ("open question" in labels(text, "thoughts")) is question


def write(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_respondent_met_phrases_must_be_touchpoint_phrases(tmp_path: Path) -> None:
    met = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["respondent_met"]
    met["phrases"] = ["website", "spaceship"]
    with pytest.raises(
        JourneyLexiconError, match=r"respondent_met\.phrases\[1\]: 'spaceship' is not a touchpoint"
    ):
        load_lexicon(write(tmp_path, respondent_met=met))


def test_sense_keys_are_optional(tmp_path: Path) -> None:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    for key in (
        "respondent_met",
        "question_tags",
        "thought_particles",
        "listener_questions",
        "question_fillers",
    ):
        data.pop(key)
    lexicon = load_lexicon(data)
    assert lexicon.respondent_met.phrases == ()
    assert lexicon.question_tags == ()
    assert lexicon.listener_questions == ()
