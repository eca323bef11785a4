from __future__ import annotations

import asyncio
import threading
from typing import Any, Iterator

import pytest

from baton_worker import READ, REASONING, WRITE, Answer, CallTools, RetryableError, Step, ToolCall, ToolInvocation, ToolResult, Usage, Worker
from fake_gateway import FakeGateway, agent_step, tool_call


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    with FakeGateway() as fake:
        yield fake


def running(worker: Worker) -> threading.Thread:
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    return thread


def stop(worker: Worker, thread: threading.Thread) -> None:
    worker.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


def answer_one(gateway: FakeGateway, agent: Any) -> None:
    """Runs ``agent`` on step d-1 ("hello") until it has posted its result."""
    gateway.deliveries.put(agent_step("d-1", "hello"))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: "d-1" in gateway.results)
    stop(worker, thread)


def test_should_declare_agent_and_tools_when_polling(gateway: FakeGateway) -> None:
    worker = Worker(gateway.url, worker_id="py-test", poll_wait_ms=100).agent(lambda s: Answer("x"))
    worker.tool("read_note", READ, lambda call: "note")
    thread = running(worker)
    assert gateway.wait_for(lambda: len(gateway.polls) > 0)
    stop(worker, thread)

    assert gateway.polls[0]["workerId"] == "py-test"
    assert gateway.polls[0]["agent"] is True
    assert gateway.polls[0]["tools"] == [{"name": "read_note", "operationClass": "READ"}]


def test_should_declare_a_tool_that_needs_approval(gateway: FakeGateway) -> None:
    worker = Worker(gateway.url, poll_wait_ms=100)
    worker.tool("read_note", READ, lambda call: "note")
    worker.tool("deploy", WRITE, lambda call: "deployed", needs_approval=True)
    thread = running(worker)
    assert gateway.wait_for(lambda: len(gateway.polls) > 0)
    stop(worker, thread)

    assert gateway.polls[0]["tools"] == [
        {"name": "read_note", "operationClass": "READ"},
        {"name": "deploy", "operationClass": "WRITE", "needsApproval": True},
    ]


def test_should_post_an_answer_with_usage_and_streamed_deltas(gateway: FakeGateway) -> None:
    def agent(step: Step) -> Answer:
        step.emit("thinking ")
        step.emit("done")
        return Answer("echo: " + step.input, Usage(10, 2, "m"))

    answer_one(gateway, agent)

    assert gateway.results["d-1"] == {
        "content": "echo: hello",
        "usage": {"inputTokens": 10, "outputTokens": 2, "model": "m"},
    }
    assert gateway.deltas["d-1"] == ["thinking ", "done"]


def test_should_post_the_kind_of_a_delta_that_is_not_text(gateway: FakeGateway) -> None:
    def agent(step: Step) -> Answer:
        step.emit("let me think", kind=REASONING)
        step.emit("the answer")
        step.emit("3 of 10", kind="tool_progress")
        return Answer("the answer")

    answer_one(gateway, agent)

    assert gateway.delta_bodies["d-1"] == [
        {"text": "let me think", "kind": "reasoning"},
        {"text": "the answer"},
        {"text": "3 of 10", "kind": "tool_progress"},
    ]


def test_should_refuse_a_kind_the_gateway_would_refuse(gateway: FakeGateway) -> None:
    def agent(step: Step) -> Answer:
        with pytest.raises(ValueError, match="invalid delta kind 'Reasoning'"):
            step.emit("hm", kind="Reasoning")
        return Answer("refused")

    answer_one(gateway, agent)

    assert gateway.results["d-1"] == {"content": "refused"}
    assert "d-1" not in gateway.deltas


def test_should_post_tool_calls_and_read_their_results_from_the_context(gateway: FakeGateway) -> None:
    seen: dict[str, Any] = {}

    def agent(step: Step) -> Any:
        results = step.tool_results()
        if not results:
            return CallTools([ToolCall("read_note", {"name": "a"})], content="Let me look.")
        seen.update(results)
        return Answer("read " + results["c-0"].content)

    gateway.deliveries.put(agent_step("d-1"))
    context = [
        {"role": "USER", "content": "hi", "toolCalls": []},
        {"role": "ASSISTANT", "content": "", "toolCalls": [{"id": "c-0", "name": "read_note", "argumentsJson": "{}"}]},
        {"role": "TOOL", "content": "x", "toolCalls": [], "toolResult": {"callId": "c-0", "content": "x", "isError": False}},
    ]
    gateway.deliveries.put(agent_step("d-2", context=context))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: {"d-1", "d-2"} <= gateway.results.keys())
    stop(worker, thread)

    assert gateway.results["d-1"] == {
        "toolCalls": [{"name": "read_note", "argumentsJson": '{"name": "a"}'}],
        "content": "Let me look.",
    }
    assert gateway.results["d-2"] == {"content": "read x"}
    assert seen == {"c-0": ToolResult("x", False)}


def test_should_pass_the_steered_messages_of_a_step(gateway: FakeGateway) -> None:
    seen: list[str] = []

    def agent(step: Step) -> Any:
        seen.extend(m.content for m in step.steered)
        return Answer("ok")

    context = [
        {"role": "USER", "content": "hi", "toolCalls": []},
        {"role": "USER", "content": "also this", "toolCalls": []},
    ]
    delivery = agent_step("d-1", context=context)
    delivery["step"]["steered"] = [context[1]]
    gateway.deliveries.put(delivery)
    gateway.deliveries.put(agent_step("d-2"))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: {"d-1", "d-2"} <= gateway.results.keys())
    stop(worker, thread)

    assert seen == ["also this"]


def test_should_run_sync_and_async_tools(gateway: FakeGateway) -> None:
    async def slow_read(call: ToolInvocation) -> ToolResult:
        await asyncio.sleep(0.01)
        return ToolResult.error("no note " + call.arguments["name"])

    gateway.deliveries.put(tool_call("d-1", "read_note", '{"name": "a"}'))
    gateway.deliveries.put(tool_call("d-2", "count"))
    worker = Worker(gateway.url, poll_wait_ms=100).tool("read_note", READ, slow_read)
    worker.tool("count", READ, lambda call: str(call.fencing_token))
    thread = running(worker)
    assert gateway.wait_for(lambda: {"d-1", "d-2"} <= gateway.results.keys())
    stop(worker, thread)

    assert gateway.results["d-1"] == {"content": "no note a", "isError": True}
    assert gateway.results["d-2"] == {"content": "9", "isError": False}


def test_should_report_retryable_and_final_failures(gateway: FakeGateway) -> None:
    def agent(step: Step) -> Answer:
        if step.input == "flaky":
            raise RetryableError("model overloaded")
        raise ValueError("bad input")

    gateway.deliveries.put(agent_step("d-1", "flaky"))
    gateway.deliveries.put(agent_step("d-2", "broken"))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: {"d-1", "d-2"} <= gateway.failures.keys())
    stop(worker, thread)

    assert gateway.failures["d-1"] == {"retryable": True, "message": "model overloaded"}
    assert gateway.failures["d-2"] == {
        "retryable": False,
        "message": "ValueError: bad input",
        "code": "HANDLER_EXCEPTION",
    }


def test_should_heartbeat_and_show_a_cancel_to_the_handler(gateway: FakeGateway) -> None:
    def agent(step: Step) -> Answer:
        assert step.cancellation.wait(5), "the cancel never reached the handler"
        return Answer("stopped")

    gateway.deliveries.put(agent_step("d-1"))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: gateway.heartbeats.get("d-1", 0) >= 2)
    with gateway.posted:
        gateway.cancelled.add("d-1")
    assert gateway.wait_for(lambda: "d-1" in gateway.results)
    stop(worker, thread)

    assert gateway.results["d-1"] == {"content": "stopped"}


def test_should_cancel_the_handler_and_post_nothing_when_the_delivery_ended(gateway: FakeGateway) -> None:
    handler_saw_cancel = threading.Event()

    def agent(step: Step) -> Answer:
        if step.cancellation.wait(5):
            handler_saw_cancel.set()
        return Answer("late")

    gateway.deliveries.put(agent_step("d-1"))
    worker = Worker(gateway.url, poll_wait_ms=100).agent(agent)
    thread = running(worker)
    assert gateway.wait_for(lambda: gateway.heartbeats.get("d-1", 0) >= 1)
    gateway.ended.add("d-1")
    assert handler_saw_cancel.wait(5)
    stop(worker, thread)

    assert "d-1" not in gateway.results


def test_should_send_the_token() -> None:
    with FakeGateway(token="s3cret") as gateway:
        gateway.deliveries.put(agent_step("d-1"))
        worker = Worker(gateway.url, token="s3cret", poll_wait_ms=100).agent(lambda s: Answer("ok"))
        thread = running(worker)
        assert gateway.wait_for(lambda: "d-1" in gateway.results)
        stop(worker, thread)


def test_should_stop_when_the_gateway_refuses_the_worker() -> None:
    with FakeGateway(token="s3cret") as gateway:
        worker = Worker(gateway.url, token="wrong", poll_wait_ms=100).agent(lambda s: Answer("ok"))
        thread = running(worker)
        thread.join(timeout=5)
        assert not thread.is_alive()


def test_should_refuse_a_worker_without_handlers() -> None:
    with pytest.raises(ValueError, match="register an agent"):
        Worker("http://127.0.0.1:1").run()
