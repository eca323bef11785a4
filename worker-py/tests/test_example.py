from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))

import notes_agent  # noqa: E402
from baton_worker import Answer, CallTools, Cancellation, Message, ToolCall, ToolCallResult, ToolResult  # noqa: E402
from baton_worker.types import Step  # noqa: E402


def step(text: str, context: tuple[Message, ...] = ()) -> Step:
    return Step("s", "t", 0, 0, 1, "a", text, context or (Message("USER", text),), {}, None, Cancellation(), lambda t, k: None)


def test_should_ask_for_the_input_s_tool_calls_in_order() -> None:
    result = notes_agent.agent(step("tools: remember a=hello, recall a"))

    assert result == CallTools([ToolCall("remember", {"name": "a", "text": "hello"}), ToolCall("recall", {"name": "a"})])


def test_should_answer_with_the_tool_results() -> None:
    context = (
        Message("USER", "tools: recall a"),
        Message("ASSISTANT", "", (ToolCall("recall", "{}", "c-0"),)),
        Message("TOOL", "a=hello", (), ToolCallResult("c-0", ToolResult.ok("a=hello"))),
    )

    assert notes_agent.agent(step("tools: recall a", context)) == Answer("a=hello")


def test_should_echo_other_input() -> None:
    assert notes_agent.agent(step("hi there")) == Answer("py-echo: hi there")
