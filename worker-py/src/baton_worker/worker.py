"""A worker that joins a Baton fleet through a worker gateway."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import signal
import threading
from typing import Any, Awaitable, Callable, NamedTuple, Optional, Union

from .client import GatewayClient, GatewayError
from .types import (
    Answer,
    CallTools,
    Cancellation,
    Message,
    OperationClass,
    RetryableError,
    Step,
    StepResult,
    ToolInvocation,
    ToolResult,
)

log = logging.getLogger("baton_worker")

AgentFn = Callable[[Step], Union[StepResult, Awaitable[StepResult]]]
ToolOutput = Union[ToolResult, str]
ToolFn = Callable[[ToolInvocation], Union[ToolOutput, Awaitable[ToolOutput]]]

#: How long one poll for work waits at the gateway; also bounds how long an idle worker takes to stop.
DEFAULT_POLL_WAIT_MS = 5_000
#: How long to wait before polling again after the gateway could not be reached.
RECONNECT_DELAY_S = 1.0


class _Tool(NamedTuple):
    """A registered tool: its operation class, its handler, and whether its calls need approval."""

    operation_class: OperationClass
    fn: ToolFn
    needs_approval: bool

    def declaration(self, name: str) -> dict[str, Any]:
        """The tool as a poll declares it to the gateway."""
        declared: dict[str, Any] = {"name": name, "operationClass": self.operation_class}
        if self.needs_approval:
            declared["needsApproval"] = True
        return declared


class Worker:
    """Runs an agent and tools for a Baton fleet, behind a worker gateway.

    ``Worker("http://localhost:8090").agent(agent).tool("read_note", READ, read_note).run()``

    Handlers may be plain functions or ``async def``; each delivery runs on one of ``concurrency``
    threads (an async handler in its own event loop there). The worker heartbeats every delivery
    while its handler runs; a cancelled turn shows as ``step.cancelled`` / ``call.cancelled``.
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        *,
        concurrency: int = 4,
        worker_id: Optional[str] = None,
        poll_wait_ms: int = DEFAULT_POLL_WAIT_MS,
    ) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be 1 or more, not {concurrency}")
        self._client = GatewayClient(url, token)
        self._concurrency = concurrency
        self._worker_id = worker_id or f"py-{os.getpid()}"
        self._poll_wait_ms = poll_wait_ms
        self._agent: Optional[AgentFn] = None
        self._tools: dict[str, _Tool] = {}
        self._stopping = threading.Event()

    def agent(self, fn: AgentFn) -> "Worker":
        """Sets the agent handler: ``fn(step)`` returns an ``Answer`` or ``CallTools``."""
        self._agent = fn
        return self

    def tool(
        self, name: str, operation_class: OperationClass, fn: ToolFn, *, needs_approval: bool = False
    ) -> "Worker":
        """Registers tool ``name`` (``READ`` or ``WRITE``): ``fn(call)`` returns a ``ToolResult`` or text.

        ``needs_approval=True`` declares that the tool's calls wait for a person's approval; the
        gateway must serve the tool so (``--gateway-approval-tools``), or it refuses this worker.
        ``fn`` then runs only for an approved call, with the arguments the approver approved.
        """
        if operation_class not in ("READ", "WRITE"):
            raise ValueError(f"operation_class must be READ or WRITE, not {operation_class!r}")
        if name in self._tools:
            raise ValueError(f"tool {name} is registered already")
        self._tools[name] = _Tool(operation_class, fn, needs_approval)
        return self

    def stop(self) -> None:
        """Stops claiming work; handlers in flight finish and their results are posted."""
        self._stopping.set()

    def run(self) -> None:
        """Runs until ``stop()``, SIGTERM or Ctrl-C, then waits for the handlers in flight."""
        if self._agent is None and not self._tools:
            raise ValueError("register an agent, a tool, or both before run()")
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: self.stop())
        threads = [
            threading.Thread(target=self._slot, name=f"baton-slot-{i}", daemon=True)
            for i in range(self._concurrency)
        ]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(timeout=0.2)

    def _capabilities(self) -> dict[str, Any]:
        return {
            "workerId": self._worker_id,
            "agent": self._agent is not None,
            "tools": [tool.declaration(name) for name, tool in self._tools.items()],
        }

    def _slot(self) -> None:
        capabilities = self._capabilities()
        while not self._stopping.is_set():
            try:
                delivery = self._client.poll(capabilities, self._poll_wait_ms)
            except GatewayError as e:
                if e.status in (400, 401, 403, 422):
                    log.error("The gateway refused this worker: %s", e)
                    self.stop()
                    return
                log.warning("Polling the gateway failed, retrying: %s", e)
                self._stopping.wait(RECONNECT_DELAY_S)
                continue
            if delivery is not None:
                _Delivery(self._client, delivery, self).run()

    def _handler_for(self, delivery: dict[str, Any]) -> Callable[[Cancellation], Any]:
        if delivery["kind"] == "AGENT_STEP":
            return lambda cancellation: self._run_agent(delivery, cancellation)
        return lambda cancellation: self._run_tool(delivery, cancellation)

    def _run_agent(self, delivery: dict[str, Any], cancellation: Cancellation) -> dict[str, Any]:
        assert self._agent is not None
        body = delivery["step"]
        step = Step(
            session_id=body["sessionId"],
            turn_id=body["turnId"],
            number=body["number"],
            attempt=body["attempt"],
            fencing_token=body["fencingToken"],
            assignment_id=body["assignmentId"],
            input=body["input"],
            context=tuple(Message.from_json(m) for m in body["context"]),
            metadata=dict(body.get("metadata") or {}),
            deadline=body.get("deadline"),
            cancellation=cancellation,
            _emit=lambda text, kind: self._client.delta(delivery["deliveryId"], text, kind),
            steered=tuple(Message.from_json(m) for m in body.get("steered") or ()),
        )
        result = _call(self._agent, step)
        if not isinstance(result, (Answer, CallTools)):
            raise TypeError(f"the agent returned {type(result).__name__}, not Answer or CallTools")
        return result.to_json()

    def _run_tool(self, delivery: dict[str, Any], cancellation: Cancellation) -> dict[str, Any]:
        body = delivery["toolCall"]
        fn = self._tools[body["name"]].fn
        call = ToolInvocation(
            session_id=body["sessionId"],
            turn_id=body["turnId"],
            step=body["step"],
            attempt=body["attempt"],
            fencing_token=body["fencingToken"],
            call_id=body["callId"],
            name=body["name"],
            arguments_json=body["argumentsJson"],
            index=body["index"],
            operation_class=body["operationClass"],
            cancellation=cancellation,
        )
        output = _call(fn, call)
        result = ToolResult.ok(output) if isinstance(output, str) else output
        if not isinstance(result, ToolResult):
            raise TypeError(f"tool {call.name} returned {type(output).__name__}, not ToolResult or str")
        return {"content": result.content, "isError": result.is_error}


def _call(fn: Callable[[Any], Any], argument: Any) -> Any:
    if inspect.iscoroutinefunction(fn):
        return asyncio.run(fn(argument))
    result = fn(argument)
    if inspect.isawaitable(result):
        return asyncio.run(_awaited(result))
    return result


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


class _Delivery:
    """One claimed delivery: its handler, its heartbeats, and the outcome posted back."""

    def __init__(self, client: GatewayClient, body: dict[str, Any], worker: Worker) -> None:
        self._client = client
        self._id: str = body["deliveryId"]
        self._interval = body["heartbeatIntervalMs"] / 1000
        self._handler = worker._handler_for(body)
        self._stopping = worker._stopping
        self._cancellation = Cancellation()
        self._done = threading.Event()
        self._lost = False

    def run(self) -> None:
        if self._stopping.is_set():
            self._post_failure(True, "the worker is shutting down", None)
            return
        beats = threading.Thread(target=self._heartbeat, name=f"baton-heartbeat-{self._id}", daemon=True)
        beats.start()
        try:
            outcome = self._handler(self._cancellation)
        except RetryableError as e:
            self._post_failure(True, str(e) or type(e).__name__, None)
        except Exception as e:  # noqa: BLE001 - any other failure is final for this work
            log.exception("Handler of delivery %s failed", self._id)
            self._post_failure(False, f"{type(e).__name__}: {e}", "HANDLER_EXCEPTION")
        else:
            self._post(lambda: self._client.result(self._id, outcome))
        finally:
            self._done.set()
            beats.join()

    def _heartbeat(self) -> None:
        while not self._done.wait(self._interval):
            try:
                if self._client.heartbeat(self._id):
                    self._cancellation.set()
            except GatewayError as e:
                if e.delivery_gone:
                    log.warning("Delivery %s is no longer this worker's: %s", self._id, e)
                    self._lost = True
                    self._cancellation.set()
                    return
                log.warning("Heartbeat of delivery %s failed: %s", self._id, e)

    def _post_failure(self, retryable: bool, message: str, code: Optional[str]) -> None:
        self._post(lambda: self._client.failure(self._id, retryable, message, code))

    def _post(self, send: Callable[[], None]) -> None:
        if self._lost:
            return
        try:
            send()
        except GatewayError as e:
            log.warning("The outcome of delivery %s was not taken: %s", self._id, e)
