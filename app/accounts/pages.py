"""HTML pages: log in, log out, account (password and API tokens)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts import service
from app.accounts.models import ApiTokenCreate
from app.deps import SessionDep
from app.errors import AppError
from app.flash import forget_flash, read_flash, redirect_with_flash
from app.security import (
    SESSION_COOKIE,
    CurrentUser,
    check_csrf_value,
    client_address,
    forget_session_cookie,
    set_session_cookie,
)
from app.web import templates

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after login would be a phishing aid."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """The login form."""
    return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the password, start a session, go where the user was going."""
    check_csrf_value(request, csrf_token)
    address = client_address(request)
    try:
        user = service.authenticate(session, email=email, password=password, address=address)
    except AppError as err:
        # Rendered, not raised: the failed attempt must be committed to count towards the limit.
        context = {"next": _safe_next(next), "error": err.message, "email": email}
        wait = err.detail.get("retry_after")
        headers = {"Retry-After": str(wait)} if wait is not None else None
        return templates.TemplateResponse(
            request, "login.html", context, status_code=err.status_code, headers=headers
        )
    token = service.start_session(session, user=user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, token, secure=request.app.state.settings.cookie_secure)
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """End this browser session."""
    service.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    forget_session_cookie(response)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Password change and personal API tokens."""
    tokens = service.list_tokens(session, user=user)
    flashed = read_flash(request)
    new_token = flashed.get("new_token") if isinstance(flashed, dict) else None
    response = templates.TemplateResponse(request, "account.html", {"tokens": tokens, "new_token": new_token})
    return forget_flash(response, path="/account") if flashed is not None else response


@router.post("/account/password", response_class=HTMLResponse)
def change_password_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
) -> Response:
    """Change the password from the account page."""
    service.change_password(
        session,
        user=user,
        current=current_password,
        new=new_password,
        keep_session=request.cookies.get(SESSION_COOKIE),
    )
    return RedirectResponse("/account?changed=1", status_code=303)


@router.post("/account/tokens")
def create_token_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    name: Annotated[str, Form()],
    expires_in_days: Annotated[int | None, Form()] = None,
) -> Response:
    """Create an API token, then redirect to the account page, which shows it once."""
    _, token = service.create_token(
        session, user=user, data=ApiTokenCreate(name=name, expires_in_days=expires_in_days or None)
    )
    return redirect_with_flash(request, "/account", {"new_token": token}, path="/account")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token_form(session: SessionDep, user: CurrentUser, token_id: int) -> Response:
    """Revoke a token from the account page."""
    service.revoke_token(session, user=user, token_id=token_id)
    return RedirectResponse("/account", status_code=303)
