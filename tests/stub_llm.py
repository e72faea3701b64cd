"""A stub OpenAI-compatible server on 127.0.0.1 with canned replies, for tests."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StubState:
    mode = "good"
    requests: list[dict[str, Any]]

    def __init__(self) -> None:
        self.requests = []


def _reply(state: StubState, body: dict[str, Any]) -> tuple[int, bytes]:
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    ids = re.findall(r'<clause id="([^"]+)"', prompt)
    first = ids[0] if ids else "cta.closing"
    content = {
        "good": f"The Call to Action asks for action on this [{first}].",
        "nonexistent": "Governments must act [cta.government.9.z].",
        "unretrieved": "All members commit to this [cta.preamble.3]." if "cta.preamble.3" not in ids
        else "All members commit to this [cta.closing].",
        "mixed": f"First point [{first}]. Second point [cta.government.9.z].",
        "injected": f"<script>alert(1)</script> Fine [{first}].",
        "unsafe": "unsafe\nS4",  # a safety model's verdicts (Llama Guard's words)
        "safe": "safe",
    }.get(state.mode)
    if state.mode == "error":
        return 500, b'{"error": {"message": "internal error", "type": "server_error"}}'
    if state.mode == "garbage":
        return 200, b"this is not json at all"
    payload = {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": body.get("model", "stub"),
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return 200, json.dumps(payload).encode()


@contextmanager
def stub_server() -> Iterator[tuple[str, StubState]]:
    state = StubState()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(body)
            if state.mode == "timeout":
                time.sleep(3)
            status, data = _reply(state, body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        server.shutdown()
        server.server_close()
