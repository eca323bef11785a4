"""An in-process fake of the worker gateway's HTTP side, for the client's protocol handling."""

from __future__ import annotations

import json
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional


class FakeGateway:
    """Hands out queued deliveries and records what workers post, by delivery id."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token
        self.deliveries: "queue.Queue[dict[str, Any]]" = queue.Queue()
        self.polls: list[dict[str, Any]] = []
        self.results: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, dict[str, Any]] = {}
        self.deltas: dict[str, list[str]] = {}
        self.delta_bodies: dict[str, list[dict[str, Any]]] = {}
        self.heartbeats: dict[str, int] = {}
        self.cancelled: set[str] = set()
        self.ended: set[str] = set()
        self.posted = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeGateway":
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> bool:
        with self.posted:
            return self.posted.wait_for(predicate, timeout)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.token and self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._problem(401, "UNAUTHORIZED")
                parts = self.path.strip("/").split("/")
                if parts == ["v1", "work"]:
                    return self._poll(body)
                delivery_id, action = parts[2], parts[3]
                if delivery_id in fake.ended:
                    return self._problem(409, "DELIVERY_ENDED")
                with fake.posted:
                    if action == "heartbeat":
                        fake.heartbeats[delivery_id] = fake.heartbeats.get(delivery_id, 0) + 1
                        self._json({"cancelled": delivery_id in fake.cancelled})
                    elif action == "deltas":
                        fake.deltas.setdefault(delivery_id, []).append(body["text"])
                        fake.delta_bodies.setdefault(delivery_id, []).append(body)
                        self._empty()
                    elif action == "result":
                        fake.results[delivery_id] = body
                        self._empty()
                    elif action == "failure":
                        fake.failures[delivery_id] = body
                        self._empty()
                    fake.posted.notify_all()

            def _poll(self, body: dict[str, Any]) -> None:
                with fake.posted:
                    fake.polls.append(body)
                    fake.posted.notify_all()
                try:
                    delivery = fake.deliveries.get(timeout=min(body["waitMs"], 200) / 1000)
                except queue.Empty:
                    return self._empty()
                self._json(delivery)

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _empty(self) -> None:
                self.send_response(204)
                self.end_headers()

            def _problem(self, status: int, code: str) -> None:
                data = json.dumps({"status": status, "code": code, "detail": code}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/problem+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def agent_step(delivery_id: str, text: str = "hi", context: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    return {
        "deliveryId": delivery_id,
        "kind": "AGENT_STEP",
        "heartbeatIntervalMs": 50,
        "heartbeatTimeoutMs": 150,
        "step": {
            "sessionId": "s-1",
            "turnId": "t-1",
            "number": 0,
            "attempt": 0,
            "fencingToken": 7,
            "assignmentId": "a-1",
            "input": text,
            "context": context or [{"role": "USER", "content": text, "toolCalls": []}],
            "metadata": {},
            "deadline": None,
        },
    }


def tool_call(delivery_id: str, name: str, arguments: str = "{}") -> dict[str, Any]:
    return {
        "deliveryId": delivery_id,
        "kind": "TOOL_CALL",
        "heartbeatIntervalMs": 50,
        "heartbeatTimeoutMs": 150,
        "toolCall": {
            "sessionId": "s-1",
            "turnId": "t-1",
            "step": 0,
            "attempt": 0,
            "fencingToken": 9,
            "callId": "c-0",
            "name": name,
            "argumentsJson": arguments,
            "index": 0,
            "operationClass": "READ",
        },
    }
