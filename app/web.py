"""Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from app.words import plural
from nlp.aggregate.quotes import shown_text

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _page_context(request: Request) -> dict[str, Any]:
    """What every page needs: the CSRF token for its forms and who is logged in."""
    return {
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "current_user": getattr(request.state, "user", None),
    }


templates = Jinja2Templates(directory=str(TEMPLATES_DIR), context_processors=[_page_context])
# Templates ship with the package: no stat() of every template file on every render (`--reload`
# restarts the process on changes anyway).
templates.env.auto_reload = False


def format_seconds(value: float | None) -> str:
    """12.5 -> "0:12", 3725 -> "1:02:05"; blank when the time is unknown."""
    if value is None:
        return ""
    total = int(value)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


templates.env.filters["timestamp"] = format_seconds


def with_article(word: str) -> str:
    """`{{ kind | with_article }}`: "an interview", "a survey" (by the first letter, enough for our words)."""
    text = str(word)
    return f"{'an' if text[:1].lower() in 'aeiou' else 'a'} {text}"


def cut_words(text: str, limit: int = 40) -> str:
    """Cut at a word boundary and end with an ellipsis: labels in narrow charts never end mid-word."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 3 else head).rstrip(" ,;:-") + "…"


def signed(value: float) -> str:
    """`{{ v | signed }}`: "+0.25", "-0.10", and "+0.00" for a value that rounds to zero (never "-0.00")."""
    return f"{round(float(value), 2) + 0.0:+.2f}"


def stage_name(stage_id: str, names: Any = None) -> str:
    """`{{ id | stage_name(stage_names) }}`: the project framework's name for a stage ("Loyalty & advocacy"),
    else the id in words ("loyalty advocacy") where the page has no names or the framework lacks it."""
    name = names.get(stage_id) if isinstance(names, dict) else None
    return str(name or str(stage_id).replace("_", " ").replace("-", " "))


templates.env.filters["plural"] = plural
templates.env.filters["signed"] = signed
templates.env.filters["with_article"] = with_article
templates.env.filters["cut_words"] = cut_words
templates.env.filters["stage_name"] = stage_name
templates.env.filters["shown_text"] = shown_text  # a quote with its lead-in, as plain text
