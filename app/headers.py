"""Security headers on every response, with a per-request nonce for the few inline <style> blocks."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

# Scripts only from /static (no inline handlers: app/static/app.js wires confirm/auto-submit/print);
# inline <style> only with this request's nonce (print layouts); no framing anywhere.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_FIXED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Add CSP (with frame-ancestors 'none'), nosniff, X-Frame-Options and Referrer-Policy."""
    nonce = secrets.token_urlsafe(16)
    request.state.csp_nonce = nonce
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", _CSP.format(nonce=nonce))
    for name, value in _FIXED.items():
        response.headers.setdefault(name, value)
    return response
