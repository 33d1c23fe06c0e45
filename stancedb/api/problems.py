"""Errors as RFC 9457 problem details (`application/problem+json`), and the body size limit.
Library errors become HTTP statuses here and only here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from stancedb.errors import (
    InputError,
    InvalidEventError,
    NotFoundError,
    ReadOnlyError,
    StanceDBError,
)

MAX_BODY_BYTES = 10 * 1024 * 1024
STATUS_OF: list[tuple[type[StanceDBError], int]] = [
    (NotFoundError, 404), (InputError, 422), (InvalidEventError, 422), (ReadOnlyError, 403),
]


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def problem(status: int, title: str, detail: str,
            headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status,
                         "detail": detail}, status_code=status,
                        media_type="application/problem+json", headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, exc.headers)

    @app.exception_handler(StanceDBError)
    async def _library(_request: Request, exc: StanceDBError) -> JSONResponse:
        status = next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 400)
        detail = exc.reason if isinstance(exc, InputError) else str(exc)
        return problem(status, type(exc).__name__, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        return problem(422, "Invalid request", "; ".join(parts) or "invalid request")

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, "HTTP error", str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return problem(500, "Internal error", f"{type(exc).__name__}: the server could not "
                       "answer; the database is unchanged")

    @app.middleware("http")
    async def _limit(request: Request,
                     call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if "%00" in request.url.query or "\x00" in request.url.path:
            return problem(422, "Invalid request", "NUL characters are not allowed")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return problem(413, "Body too large",
                           f"request bodies are limited to {MAX_BODY_BYTES} bytes")
        return await call_next(request)
