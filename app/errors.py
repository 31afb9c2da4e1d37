"""Typed application errors and the one place they are rendered (JSON for /api, a page otherwise)."""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import Field, ValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


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


class EmptyInterview(InvalidInput):
    """A live interview finished before any answer was typed: there is no transcript to store yet."""

    code = "empty_interview"


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


class RequestInvalid(AppError):
    """The request does not match the operation's schema (FastAPI's validation); `detail` lists where."""

    status_code = 422
    code = "validation_error"


class MethodNotAllowed(AppError):
    status_code = 405
    code = "method_not_allowed"


class ServiceUnavailable(AppError):
    """The database cannot be reached (or is busy past its timeout); retrying later may work."""

    status_code = 503
    code = "service_unavailable"


# Path parameters named `id` or `..._id` are integer keys: beyond the column's range they name no row.
MAX_ID = 2**31 - 1
# An id in a JSON body: outside the integer column's range it fails validation (422) like any bad value.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
_INTEGER = re.compile(r"[+-]?\d+")


def check_path_ids(request: Request) -> None:
    """404 for an id path or query parameter outside 1..2**31-1 (PostgreSQL's integer), before any query."""
    for name, value in [*request.path_params.items(), *request.query_params.items()]:
        if not (name == "id" or name.endswith("_id")) or not isinstance(value, str):
            continue
        if _INTEGER.fullmatch(value) and not 1 <= int(value) <= MAX_ID:
            raise NotFound(f"{_row_label(name)} {value} does not exist.")


def _row_label(name: str) -> str:
    """What an id parameter names, for a message: `participant_id` -> "Participant"."""
    return name.removesuffix("_id").replace("_", " ").capitalize() or "Row"


def error_body(exc: AppError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": exc.message, **exc.detail}}


def install_error_handlers(app: FastAPI) -> None:
    """Render AppError as JSON under /api and as an HTML page elsewhere."""

    @app.exception_handler(AppError)
    async def handle_app_error(request: Request, exc: AppError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(RequestValidationError)
    async def handle_request_error(request: Request, exc: RequestValidationError) -> Response:
        return render_error(request, path_not_found(request, exc) or request_invalid(exc))

    @app.exception_handler(StarletteHTTPException)
    async def handle_routing_error(request: Request, exc: StarletteHTTPException) -> Response:
        # No route for the path (404) or the method (405): the same shapes as every other error.
        response = render_error(request, routing_error(request, exc))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(SQLAlchemyTimeoutError)
    async def handle_database_down(request: Request, exc: Exception) -> Response:
        logger.error("Database unavailable for %s %s: %s", request.method, request.url.path, exc)
        return render_error(
            request,
            ServiceUnavailable(
                "The database is not reachable or too busy right now. Try again in a moment.",
                detail={"retry_after": 5},
            ),
        )

    @app.exception_handler(DataError)
    async def handle_out_of_range(request: Request, exc: DataError) -> Response:
        # The last line of defence (e.g. an id in a JSON body past the integer column): not a 500.
        logger.warning("Database refused a value for %s %s: %s", request.method, request.url.path, exc.orig)
        return render_error(
            request, InvalidInput("A value in the request is out of range or too long for the database.")
        )

    @app.exception_handler(ValidationError)
    async def handle_model_error(request: Request, exc: ValidationError) -> Response:
        # A value that fails a model's rules after FastAPI's own parsing (a page handler's form input).
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return render_error(request, InvalidInput(f"Some values are not valid: {problems}."))


def routing_error(request: Request, exc: StarletteHTTPException) -> AppError:
    """Starlette's own 404 and 405 (no route matched) as typed errors that name what was asked for."""
    if exc.status_code == 404:
        return NotFound(f"There is nothing at {request.url.path}.")
    if exc.status_code == 405:
        return MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}.")
    error = AppError(str(exc.detail))
    error.status_code = exc.status_code
    return error


def path_not_found(request: Request, exc: RequestValidationError) -> NotFound | None:
    """A 404 when every problem is in the path: `/projects/abc` names nothing that could exist, like
    `/projects/0`. None when any problem is in the query, body, headers or form (those stay 422)."""
    errors = exc.errors()
    if not errors or any(tuple(error.get("loc", ()))[:1] != ("path",) for error in errors):
        return None
    name = str(errors[0]["loc"][-1])
    if name == "id" or name.endswith("_id"):
        return NotFound(f"{_row_label(name)} '{request.path_params.get(name, '')}' does not exist.")
    return NotFound(f"There is nothing at {request.url.path}.")


def request_invalid(exc: RequestValidationError) -> RequestInvalid:
    """FastAPI's validation errors as one message plus a list of {loc, message} problems."""
    problems = [
        {"loc": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{'.'.join(p['loc'][1:]) or p['loc'][0]}: {p['message']}" for p in problems[:5])
    return RequestInvalid(f"The request is not valid: {summary}.", detail={"problems": problems})


def render_error(request: Request, exc: AppError) -> Response:
    """JSON under /api; elsewhere an error page, or the login page for a visitor who is not logged in."""
    retry_after = exc.detail.get("retry_after")
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if request.url.path.startswith("/api"):
        return JSONResponse(error_body(exc), status_code=exc.status_code, headers=headers)
    if isinstance(exc, Unauthorized) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    from app.web import templates

    return templates.TemplateResponse(
        request, "error.html", {"error": exc}, status_code=exc.status_code, headers=headers
    )
