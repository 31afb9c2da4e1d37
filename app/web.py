"""Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _page_context(request: Request) -> dict[str, Any]:
    """What every page needs: the CSRF token for its forms and who is logged in."""
    return {
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "current_user": getattr(request.state, "user", None),
    }


templates = Jinja2Templates(directory=str(TEMPLATES_DIR), context_processors=[_page_context])


def format_seconds(value: float | None) -> str:
    """12.5 -> "0:12", 3725 -> "1:02:05"; blank when the time is unknown."""
    if value is None:
        return ""
    total = int(value)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


templates.env.filters["timestamp"] = format_seconds
