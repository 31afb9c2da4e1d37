"""Who is asking: session cookies and bearer tokens; CSRF protection for cookie-authenticated requests."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Response

from app.accounts.models import User, UserRead
from app.accounts.service import user_for_session, user_for_token
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


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The user behind a bearer token or a session cookie, or None for an anonymous request."""
    token = _bearer(request)
    if token is not None:
        user = user_for_token(session, token)
        if user is None:
            raise Unauthorized("The API token is not valid: it is unknown, expired or revoked.")
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


async def check_csrf(request: Request) -> None:
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise Forbidden(
            "The form has expired or came from another site (CSRF check failed). Reload and retry."
        )


def csrf_cookie_middleware(
    cookie_secure: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Give every browser a CSRF token cookie; pages put the same value in their forms."""

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf_token = token
        response = await call_next(request)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure)
        return response

    return middleware


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=14 * 24 * 3600
    )


def forget_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)
