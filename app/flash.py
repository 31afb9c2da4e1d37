"""One-time messages carried across a redirect-after-post (303), so a reload never submits a form twice.

The message rides in a short-lived HttpOnly cookie scoped to the page that shows it; that page reads it once
and deletes it. Only the browser that posted the form ever sees it (a new API token is shown this way)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

FLASH_COOKIE = "desirelines_flash"
FLASH_SECONDS = 120
MAX_FLASH_BYTES = 3500  # browsers keep cookies up to about 4 KB


def _encode(payload: Any) -> str:
    raw = json.dumps(payload, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode()


def redirect_with_flash(request: Request, url: str, payload: Any, *, path: str) -> Response:
    """A 303 to `url` carrying `payload` (JSON) for the page at `path`; dropped if too large for a cookie."""
    response = RedirectResponse(url, status_code=303)
    value = _encode(payload)
    if len(value) <= MAX_FLASH_BYTES:
        secure = bool(getattr(request.app.state.settings, "cookie_secure", False))
        response.set_cookie(
            FLASH_COOKIE,
            value,
            max_age=FLASH_SECONDS,
            path=path,
            httponly=True,
            samesite="strict",
            secure=secure,
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def read_flash(request: Request) -> Any:
    """The flashed payload for this page, or None (absent, expired or unreadable)."""
    value = request.cookies.get(FLASH_COOKIE)
    if not value:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(value.encode()))
    except (ValueError, binascii.Error):
        return None


def forget_flash(response: Response, *, path: str) -> Response:
    """Delete the flash so that a reload shows the page without it; the page is not cached either."""
    response.delete_cookie(FLASH_COOKIE, path=path)
    response.headers["Cache-Control"] = "no-store"
    return response
