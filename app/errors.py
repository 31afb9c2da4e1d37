"""Typed application errors and the one place they are rendered (JSON for /api, a page otherwise)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError


class AppError(Exception):
    """An error a user can act on. Subclasses fix the HTTP status."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class InvalidInput(AppError):
    """A request that is well-formed but asks for something not allowed (a too-short password, say)."""

    status_code = 400
    code = "invalid_input"


class InvalidGuide(InvalidInput):
    """An interview guide that fails the schema; `detail` names the file and the key path."""

    code = "invalid_guide"


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_requests"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class InvalidUpload(AppError):
    """A file that cannot be imported; `detail` names the file and, where known, line and column."""

    status_code = 400
    code = "invalid_upload"


class UploadTooLarge(InvalidUpload):
    status_code = 413
    code = "too_large"


class UnsupportedFormat(InvalidUpload):
    status_code = 415
    code = "unsupported_format"


class DuplicateSource(Conflict):
    code = "duplicate_source"


def error_body(exc: AppError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, **exc.detail}}


def install_error_handlers(app: FastAPI) -> None:
    """Render AppError as JSON under /api and as an HTML page elsewhere."""

    @app.exception_handler(AppError)
    async def handle_app_error(request: Request, exc: AppError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(ValidationError)
    async def handle_model_error(request: Request, exc: ValidationError) -> Response:
        # A value that fails a model's rules after FastAPI's own parsing (a page handler's form input).
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return render_error(request, InvalidInput(f"Some values are not valid: {problems}."))


def render_error(request: Request, exc: AppError) -> Response:
    """JSON under /api; elsewhere an error page, or the login page for a visitor who is not logged in."""
    if request.url.path.startswith("/api"):
        return JSONResponse(error_body(exc), status_code=exc.status_code)
    if isinstance(exc, Unauthorized) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    from app.web import templates

    return templates.TemplateResponse(request, "error.html", {"error": exc}, status_code=exc.status_code)
