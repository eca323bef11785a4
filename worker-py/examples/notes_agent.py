"""An example Python agent with two tools, joining a Baton fleet through a worker gateway.

    python3 examples/notes_agent.py --gateway http://localhost:8090

The gateway must serve the tools: ``./baton gateway --gateway-tools recall=READ,remember=WRITE``.

Submit ``tools: remember a=hello, recall a`` as a turn: the first step asks for the two calls (the
write runs alone, then the read, in the agent's order), the second answers with their results.
Any other input is answered ``py-echo: <input>``, streamed word by word.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from baton_worker import READ, WRITE, Answer, CallTools, Step, StepResult, ToolCall, ToolInvocation, ToolResult, Worker  # noqa: E402

PREFIX = "tools:"

notes: dict[str, str] = {}
notes_lock = threading.Lock()


def agent(step: Step) -> StepResult:
    """Asks for the input's tool calls, then answers with their results; otherwise echoes."""
    if not step.input.startswith(PREFIX):
        for word in step.input.split():
            if step.cancelled:
                return Answer("")
            step.emit(word + " ")
        return Answer("py-echo: " + step.input)
    results = step.tool_results()
    if not results:
        return CallTools([parse(command) for command in step.input[len(PREFIX) :].split(",")])
    return Answer("; ".join(r.content for r in results.values()))


def parse(command: str) -> ToolCall:
    verb, _, rest = command.strip().partition(" ")
    if verb == "remember":
        name, _, text = rest.partition("=")
        return ToolCall("remember", {"name": name.strip(), "text": text.strip()})
    return ToolCall("recall", {"name": rest.strip()})


def remember(call: ToolInvocation) -> str:
    with notes_lock:
        notes[call.arguments["name"]] = call.arguments["text"]
    return "remembered " + call.arguments["name"]


async def recall(call: ToolInvocation) -> ToolResult:
    await asyncio.sleep(0)  # an async tool: a real one would await its store here
    name = call.arguments["name"]
    with notes_lock:
        text = notes.get(name)
    return ToolResult.ok(f"{name}={text}") if text is not None else ToolResult.error("no note " + name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default=os.environ.get("BATON_GATEWAY_URL", "http://localhost:8090"))
    parser.add_argument("--token", default=os.environ.get("BATON_WORKER_TOKEN"))
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--worker-id", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    worker = Worker(args.gateway, args.token, concurrency=args.concurrency, worker_id=args.worker_id)
    worker.agent(agent).tool("recall", READ, recall).tool("remember", WRITE, remember)
    logging.info("Working for %s; SIGTERM or Ctrl-C stops after the handlers in flight", args.gateway)
    worker.run()


if __name__ == "__main__":
    main()
