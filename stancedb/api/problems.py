"""Errors as RFC 9457 problem details (`application/problem+json`), and the body size limit.
Library errors become HTTP statuses here and only here."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stancedb.config import API_MAX_BODY_BYTES
from stancedb.errors import (
    ConflictError,
    InputError,
    InvalidEventError,
    NotFoundError,
    ReadOnlyError,
    StanceDBError,
)

MAX_BODY_BYTES = API_MAX_BODY_BYTES
TOO_LARGE = f"request bodies are limited to {MAX_BODY_BYTES} bytes"
# Library errors as HTTP statuses: the first class an error is an instance of gives its status.
STATUS_OF: list[tuple[type[StanceDBError], int]] = [
    (NotFoundError, 404), (InputError, 422), (InvalidEventError, 422), (ReadOnlyError, 403),
    (ConflictError, 409), (StanceDBError, 400),
]


def status_of(exc: StanceDBError) -> int:
    return next(code for kind, code in STATUS_OF if isinstance(exc, kind))


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
        status = status_of(exc)
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

    app.add_middleware(RequestGuard)


class RequestGuard:
    """Refuses NUL characters in the path or query and bodies over MAX_BODY_BYTES, whether
    the client declares the length or streams the body. A plain ASGI middleware: it costs
    nothing on requests without a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                # Stop reading; whatever the app answers to a cut-off body becomes the 413.
                return {"type": "http.disconnect"}
            return message

        async def answer(message: Message) -> None:
            if received <= MAX_BODY_BYTES:
                await send(message)
            elif message["type"] == "http.response.start":
                await problem(413, "Body too large", TOO_LARGE)(scope, receive, send)

        await self.app(scope, limited, answer)

    @staticmethod
    def _refusal(scope: Scope) -> Response | None:
        if b"%00" in scope["query_string"] or "\x00" in scope["path"]:
            return problem(422, "Invalid request", "NUL characters are not allowed")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return problem(413, "Body too large", TOO_LARGE)
        return None
