"""The HTTP side of the worker protocol (docs/worker-protocol.md), standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Mapping, Optional


class GatewayError(Exception):
    """A gateway answered with a problem (RFC 9457) or could not be reached."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail

    @property
    def delivery_gone(self) -> bool:
        """Whether the delivery is no longer this worker's (ended, or unknown to the gateway)."""
        return self.code in ("DELIVERY_ENDED", "UNKNOWN_DELIVERY")


class GatewayClient:
    """Requests of the worker protocol against one gateway."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 10.0) -> None:
        self._url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def poll(self, capabilities: Mapping[str, Any], wait_ms: int) -> Optional[dict[str, Any]]:
        """Claims one delivery, waiting up to ``wait_ms``; None if none came."""
        body = dict(capabilities, waitMs=wait_ms)
        return self._post("/v1/work", body, timeout=wait_ms / 1000 + self._timeout)

    def heartbeat(self, delivery_id: str) -> bool:
        """Keeps the delivery alive; returns whether its turn was cancelled."""
        reply = self._post(f"/v1/deliveries/{delivery_id}/heartbeat", {})
        return bool(reply and reply.get("cancelled"))

    def delta(self, delivery_id: str, text: str, kind: str = "text") -> None:
        """Streams ``text`` of ``kind``; the body names the kind only when it is not text."""
        body = {"text": text} if kind == "text" else {"text": text, "kind": kind}
        self._post(f"/v1/deliveries/{delivery_id}/deltas", body)

    def result(self, delivery_id: str, body: Mapping[str, Any]) -> None:
        self._post(f"/v1/deliveries/{delivery_id}/result", body)

    def failure(self, delivery_id: str, retryable: bool, message: str, code: Optional[str]) -> None:
        body: dict[str, Any] = {"retryable": retryable, "message": message}
        if code is not None:
            body["code"] = code
        self._post(f"/v1/deliveries/{delivery_id}/failure", body)

    def _post(
        self, path: str, body: Mapping[str, Any], timeout: Optional[float] = None
    ) -> Optional[dict[str, Any]]:
        headers = {"Content-Type": "application/json"}
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(
            self._url + path, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or self._timeout) as response:
                payload = response.read()
                return json.loads(payload) if response.status == 200 and payload else None
        except urllib.error.HTTPError as e:
            raise _problem(e) from None
        except (urllib.error.URLError, OSError) as e:
            raise GatewayError(0, "UNREACHABLE", f"{self._url}{path}: {e}") from None


def _problem(error: urllib.error.HTTPError) -> GatewayError:
    try:
        problem = json.loads(error.read())
        return GatewayError(error.code, problem.get("code", "UNKNOWN"), problem.get("detail", ""))
    except ValueError:
        return GatewayError(error.code, "UNKNOWN", str(error))
