"""Typed application errors and the one place they are rendered (JSON for /api, a page otherwise)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


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
        if request.url.path.startswith("/api"):
            return JSONResponse(error_body(exc), status_code=exc.status_code)
        from app.web import templates

        return templates.TemplateResponse(request, "error.html", {"error": exc}, status_code=exc.status_code)
