"""Baton workers in Python, through the worker gateway (see docs/worker-protocol.md).

    from baton_worker import Worker, Answer, CallTools, ToolCall, READ

    def agent(step):
        if not step.tool_results():
            return CallTools([ToolCall("read_note", {"name": "a"})])
        return Answer("read: " + ", ".join(r.content for r in step.tool_results().values()))

    Worker("http://localhost:8090").agent(agent).tool("read_note", READ, lambda call: "hi").run()
"""

from .client import GatewayClient, GatewayError
from .types import (
    READ,
    REASONING,
    TEXT,
    WRITE,
    Answer,
    CallTools,
    Cancellation,
    Message,
    OperationClass,
    RetryableError,
    Step,
    StepResult,
    ToolCall,
    ToolCallResult,
    ToolInvocation,
    ToolResult,
    Usage,
)
from .worker import Worker

__all__ = [
    "READ",
    "REASONING",
    "TEXT",
    "WRITE",
    "Answer",
    "CallTools",
    "Cancellation",
    "GatewayClient",
    "GatewayError",
    "Message",
    "OperationClass",
    "RetryableError",
    "Step",
    "StepResult",
    "ToolCall",
    "ToolCallResult",
    "ToolInvocation",
    "ToolResult",
    "Usage",
    "Worker",
]
