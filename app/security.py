"""Who is asking: session cookies and bearer tokens; CSRF protection for cookie-authenticated requests."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request, Response

from app.accounts.models import User, UserRead
from app.accounts.service import stamp_token_use, use_is_stale, user_for_session, valid_token
from app.deps import SessionDep
from app.errors import Forbidden, Unauthorized

SESSION_COOKIE = "dl_session"
CSRF_COOKIE = "dl_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def optional_user(request: Request, session: SessionDep, tasks: BackgroundTasks) -> User | None:
    """The user behind a bearer token or a session cookie, or None for an anonymous request."""
    token = _bearer(request)
    if token is not None:
        row = valid_token(session, token)
        if row is None:
            raise Unauthorized("The API token is not valid: it is unknown, expired or revoked.")
        if use_is_stale(row):
            tasks.add_task(stamp_token_use, request.app.state.engine, row.id or 0)
        user = session.get(User, row.user_id)
        _remember(request, user)
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    user = user_for_session(session, cookie) if cookie else None
    _remember(request, user)
    return user


def _remember(request: Request, user: User | None) -> None:
    # A detached copy: error pages render after the request's database session has closed.
    request.state.user = UserRead.model_validate(user) if user else None


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The logged-in user; anonymous API calls get 401, anonymous pages a redirect to the login page."""
    if user is None:
        raise Unauthorized("Log in first (or send an API token as 'Authorization: Bearer ...').")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def csrf_protect(request: Request) -> None:
    """Refuse unsafe requests that ride on a session cookie without the matching CSRF token.

    Requests with a bearer token carry no ambient authority and are exempt; so are requests with no
    session cookie (they are anonymous and get 401 where it matters). The login form checks its own.
    """
    if request.method in _SAFE_METHODS or _bearer(request) or SESSION_COOKIE not in request.cookies:
        return
    await check_csrf(request)


def expected_csrf(request: Request) -> str:
    """The CSRF token this browser's forms must carry.

    Logged in: an HMAC of the session cookie, so a token is worth nothing with another session (and
    reveals nothing of it). Before logging in: the random token of the CSRF cookie (the login form).
    """
    session_token = request.cookies.get(SESSION_COOKIE)
    if session_token:
        return csrf_for_session(session_token)
    return request.cookies.get(CSRF_COOKIE, "")


def csrf_for_session(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"desirelines-csrf", hashlib.sha256).hexdigest()


async def check_csrf(request: Request) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    check_csrf_value(request, sent)


def check_csrf_value(request: Request, sent: str | None) -> None:
    """Raise Forbidden unless `sent` is this browser's CSRF token."""
    expected = expected_csrf(request)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise Forbidden(
            "The form has expired or came from another site (CSRF check failed). Reload and retry."
        )


def csrf_cookie_middleware(
    cookie_secure: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Give every browser its CSRF token (as a cookie too); pages put the same value in their forms."""

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        token = expected_csrf(request) or secrets.token_urlsafe(32)
        request.state.csrf_token = token
        response = await call_next(request)
        if request.cookies.get(CSRF_COOKIE) != token and not _sets_cookie(response, CSRF_COOKIE):
            set_csrf_cookie(response, token, secure=cookie_secure)
        return response

    return middleware


def set_csrf_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure)


def _sets_cookie(response: Response, name: str) -> bool:
    return any(value.startswith(f"{name}=") for value in response.headers.getlist("set-cookie"))


def client_address(request: Request) -> str:
    """The client's address: the peer's, or X-Forwarded-For's when the peer is a trusted proxy.

    Only proxies named in `trusted_proxies` (addresses or networks) are believed; of their
    X-Forwarded-For chain the nearest hop that is not itself a trusted proxy is the client.
    """
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:64]
    return peer


def _is_trusted(address: str, trusted: list[str]) -> bool:
    for entry in trusted:
        if address == entry:
            return True
        try:
            if ipaddress.ip_address(address) in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    """Log the browser in; its CSRF token becomes the one bound to the new session."""
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=14 * 24 * 3600
    )
    set_csrf_cookie(response, csrf_for_session(token), secure=secure)


def forget_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
