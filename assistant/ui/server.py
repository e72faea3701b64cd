"""Serving the UI: a Content-Security-Policy on every response, a status route, temp folders.

The policy lets the page load only what this server sends: scripts, styles, fonts, images
and connections from 'self' (plus the inline styles and scripts, data: and blob: URLs
Gradio's own front end uses). An image or font on another host, whatever put its URL in
the page, is refused by the browser before any request leaves the machine.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from assistant.ui.jobs import Jobs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]
STATUS_PATH = "/status"


class SecurityHeaders:
    """ASGI middleware: the policy and its companions on every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*headers, *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class StatusRoute:
    """ASGI middleware answering GET /status on the event loop, whatever the jobs are doing."""

    def __init__(self, app: ASGIApp, jobs: Jobs) -> None:
        self.app, self.jobs = app, jobs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != STATUS_PATH:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"status": "ok", "jobs_running": self.jobs.running,
                           "job_seconds": self.jobs.seconds}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def app_kwargs(jobs: Jobs) -> dict[str, Any]:
    """FastAPI arguments for Blocks.launch(app_kwargs=...): the middleware above."""
    from starlette.middleware import Middleware

    return {"middleware": [Middleware(SecurityHeaders), Middleware(StatusRoute, jobs=jobs)]}
