"""The Python worker of GatewayIT: the example notes agent, plus inputs that test the gateway.

Arguments: the gateway's URL, the worker-py directory, a directory for marker files. Inputs:

* ``hang``: writes ``running-<turnId>``, then, if BATON_TEST_HANG is 1, never returns (the test
  kills the process); otherwise answers ``survived hang``.
* ``wait for cancel``: writes ``running-<turnId>``, waits up to 60 s for the cancel and writes
  ``cancelled-<turnId>`` when it sees it.
* ``tool waits for cancel``: asks for one ``wait_cancel`` call (WRITE), which does the same as
  ``wait for cancel`` in the tool's handler, with the markers ``tool-running-<turnId>`` and
  ``tool-cancelled-<turnId>``.
* ``shout: a b c``: asks for one ``shout`` call (READ) per word, then answers their results joined
  by spaces (``A B C``), as GatewayIT's Java worker does.
* ``order: read read write read``: asks for those calls of ``probe_read`` (READ) and
  ``probe_write`` (WRITE) in that order; each takes 300 ms and writes ``call-<turnId>-<index>``
  with its start and end times; the next step answers ``probed``. The first two reads each wait
  (up to 10 s) until the other has started, so they overlap whenever the lock lets them, however
  slow the machine; were they run one after the other, the first would end after its wait.
* anything else: the example notes agent.
"""

import os
import sys
import threading
import time

gateway, worker_py, markers = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(worker_py, "src"))
sys.path.insert(0, os.path.join(worker_py, "examples"))

import notes_agent  # noqa: E402
from baton_worker import READ, WRITE, Answer, CallTools, Step, ToolCall, ToolInvocation, Worker  # noqa: E402

SHOUT = "shout:"
ORDER = "order:"


def mark(name: str, content: str = "") -> None:
    """Writes the marker file ``name`` whole: the test polls for it and reads it at once."""
    path = os.path.join(markers, name)
    with open(path + ".tmp", "w") as f:
        f.write(content or str(time.time()))
    os.replace(path + ".tmp", path)


def agent(step: Step):
    if step.input == "hang":
        mark("running-" + step.turn_id)
        if os.environ.get("BATON_TEST_HANG") == "1":
            threading.Event().wait()
        return Answer("survived hang")
    if step.input == "wait for cancel":
        mark("running-" + step.turn_id)
        if step.cancellation.wait(60):
            mark("cancelled-" + step.turn_id)
        return Answer("")
    if step.input == "tool waits for cancel":
        if step.tool_results():
            return Answer("")
        return CallTools([ToolCall("wait_cancel", {})])
    if step.input.startswith(ORDER):
        if step.tool_results():
            return Answer("probed")
        kinds = step.input[len(ORDER) :].split()
        return CallTools([ToolCall("probe_" + kind, {"index": i}) for i, kind in enumerate(kinds)])
    if step.input.startswith(SHOUT):
        results = step.tool_results()
        if not results:
            return CallTools([ToolCall("shout", {"text": w}) for w in step.input[len(SHOUT) :].split()])
        return Answer(" ".join(r.content for r in results.values()))
    return notes_agent.agent(step)


def probe(call: ToolInvocation) -> str:
    start = time.time()
    index = call.arguments["index"]
    if index in (0, 1):
        mark(f"started-{call.turn_id}-{index}")
        other = os.path.join(markers, f"started-{call.turn_id}-{1 - index}")
        while not os.path.exists(other) and time.time() < start + 10:
            time.sleep(0.01)
    time.sleep(0.3)
    end = time.time()
    mark(f"call-{call.turn_id}-{index}", f"{start} {end}")
    return "probed"


def wait_cancel(call: ToolInvocation) -> str:
    mark("tool-running-" + call.turn_id)
    if call.cancellation.wait(60):
        mark("tool-cancelled-" + call.turn_id)
    return "stopped"


def shout(call: ToolInvocation) -> str:
    return call.arguments["text"].upper()


print("ready", flush=True)
(
    Worker(gateway, os.environ.get("BATON_WORKER_TOKEN"), concurrency=8, poll_wait_ms=1000)
    .agent(agent)
    .tool("recall", READ, notes_agent.recall)
    .tool("remember", WRITE, notes_agent.remember)
    .tool("shout", READ, shout)
    .tool("probe_read", READ, probe)
    .tool("probe_write", WRITE, probe)
    .tool("wait_cancel", WRITE, wait_cancel)
    .run()
)
