"""The values a handler sees and returns. Plain immutable dataclasses, no wire types."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Optional, Sequence, Union

OperationClass = Literal["READ", "WRITE"]
READ: OperationClass = "READ"
WRITE: OperationClass = "WRITE"

TEXT = "text"
"""The kind of a step's answer text: what ``step.emit(text)`` streams."""
REASONING = "reasoning"
"""The kind of the model's reasoning, which clients show apart from the answer."""
_KIND = re.compile(r"[a-z][a-z0-9_.-]{0,31}")


@dataclass(frozen=True)
class Usage:
    """The tokens a step used."""

    input_tokens: int
    output_tokens: int
    model: Optional[str] = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"inputTokens": self.input_tokens, "outputTokens": self.output_tokens}
        if self.model is not None:
            body["model"] = self.model
        return body

    @staticmethod
    def from_json(body: Optional[Mapping[str, Any]]) -> Optional["Usage"]:
        if body is None:
            return None
        return Usage(int(body["inputTokens"]), int(body["outputTokens"]), body.get("model"))


@dataclass(frozen=True)
class ToolCall:
    """A tool call an agent asks for: the tool's name and its arguments (a dict or JSON text)."""

    name: str
    arguments: Union[Mapping[str, Any], str] = field(default_factory=dict)
    id: Optional[str] = None

    @property
    def arguments_json(self) -> str:
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "argumentsJson": self.arguments_json}
        if self.id is not None:
            body["id"] = self.id
        return body


@dataclass(frozen=True)
class ToolResult:
    """What a tool returns: its output, or an error the agent sees."""

    content: str
    is_error: bool = False

    @staticmethod
    def ok(content: str) -> "ToolResult":
        return ToolResult(content, False)

    @staticmethod
    def error(content: str) -> "ToolResult":
        return ToolResult(content, True)


@dataclass(frozen=True)
class ToolCallResult:
    """A tool call's result as it appears in a step's context."""

    call_id: str
    result: ToolResult


@dataclass(frozen=True)
class Message:
    """One message of a step's context."""

    role: Literal["USER", "ASSISTANT", "TOOL", "SYSTEM"]
    content: str
    tool_calls: Sequence[ToolCall] = ()
    tool_result: Optional[ToolCallResult] = None
    usage: Optional[Usage] = None

    @staticmethod
    def from_json(body: Mapping[str, Any]) -> "Message":
        result = body.get("toolResult")
        return Message(
            role=body["role"],
            content=body["content"],
            tool_calls=tuple(
                ToolCall(c["name"], c["argumentsJson"], c["id"]) for c in body.get("toolCalls", [])
            ),
            tool_result=None
            if result is None
            else ToolCallResult(result["callId"], ToolResult(result["content"], result["isError"])),
            usage=Usage.from_json(body.get("usage")),
        )


@dataclass(frozen=True)
class Answer:
    """A step's final answer to the turn."""

    content: str
    usage: Optional[Usage] = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"content": self.content}
        if self.usage is not None:
            body["usage"] = self.usage.to_json()
        return body


@dataclass(frozen=True)
class CallTools:
    """A step's request for tool calls, in order; their results are in the next step's context."""

    calls: Sequence[ToolCall]
    content: str = ""
    usage: Optional[Usage] = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "toolCalls": [call.to_json() for call in self.calls],
            "content": self.content,
        }
        if self.usage is not None:
            body["usage"] = self.usage.to_json()
        return body


StepResult = Union[Answer, CallTools]


class RetryableError(Exception):
    """Raise from a handler for a transient failure: the work is delivered again."""


class Cancellation:
    """Whether the delivery's turn was stopped (or the delivery lost); handlers should return early."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Blocks until cancelled or ``timeout`` seconds pass; returns whether cancelled."""
        return self._event.wait(timeout)


@dataclass(frozen=True)
class Step:
    """One agent step: ids, input, context, metadata, streaming and cancellation."""

    session_id: str
    turn_id: str
    number: int
    attempt: int
    fencing_token: int
    assignment_id: str
    input: str
    context: Sequence[Message]
    metadata: Mapping[str, str]
    deadline: Optional[str]
    cancellation: Cancellation
    _emit: Callable[[str, str], None]
    steered: Sequence[Message] = ()
    """The user messages steered into the turn so far (``onBusy`` ``steer``), oldest first; each
    is also a USER message of ``context``, after the tool results of the step before the one that
    first carried it."""

    @property
    def cancelled(self) -> bool:
        """True once the turn was stopped; the result is then discarded."""
        return self.cancellation.cancelled

    def emit(self, text: str, kind: str = TEXT) -> None:
        """Streams ``text`` of ``kind`` to the turn's stream, in order.

        ``kind`` is ``"text"`` (the answer), ``"reasoning"`` or a name of your own: 1 to 32 of
        ``[a-z0-9_.-]``, starting with a letter. The gateway's SDK gathers what is emitted within
        its delta linger (20 ms by default) into one delta of one kind.
        """
        if not _KIND.fullmatch(kind):
            raise ValueError(f"invalid delta kind {kind!r}: must match {_KIND.pattern}")
        self._emit(text, kind)

    def tool_results(self) -> dict[str, ToolResult]:
        """The results of the turn's tool calls so far, by call id."""
        return {m.tool_result.call_id: m.tool_result.result for m in self.context if m.tool_result}


@dataclass(frozen=True)
class ToolInvocation:
    """One tool call, run while the gateway holds its turn lock."""

    session_id: str
    turn_id: str
    step: int
    attempt: int
    fencing_token: int
    call_id: str
    name: str
    arguments_json: str
    index: int
    operation_class: OperationClass
    cancellation: Cancellation

    @property
    def arguments(self) -> Any:
        """The arguments, parsed from JSON."""
        return json.loads(self.arguments_json)

    @property
    def cancelled(self) -> bool:
        """True once the turn was stopped or the call lost its lock; the result is then discarded."""
        return self.cancellation.cancelled
