from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))

import echo_agent  # noqa: E402
from baton_worker import Answer, Cancellation, Message  # noqa: E402
from baton_worker.types import Step  # noqa: E402


def step(text: str, emitted: list[str]) -> Step:
    return Step(
        "s", "t", 0, 0, 1, "a", text, (Message("USER", text),), {}, None, Cancellation(), lambda t, k: emitted.append(t)
    )


def test_should_answer_as_the_java_echo_agent_does() -> None:
    emitted: list[str] = []

    assert echo_agent.streaming_agent(step("hello 7", emitted)) == Answer("echo: hello 7")
    assert emitted == ["echo: ", "hello ", "7"]


def test_should_group_words_into_at_most_32_deltas() -> None:
    answer = echo_agent.answer_to(" ".join(str(i) for i in range(100)))

    deltas = echo_agent.deltas_of(answer)

    assert len(deltas) == 26  # 101 words, 4 per delta, as EchoAgent.emitWords cuts them
    assert "".join(deltas) == answer


def test_should_answer_without_deltas_when_quiet() -> None:
    emitted: list[str] = []

    assert echo_agent.quiet_agent(step("hi", emitted)) == Answer("echo: hi")
    assert emitted == []
