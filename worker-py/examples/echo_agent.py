"""A Python echo agent, joining a Baton fleet through a worker gateway.

    python3 examples/echo_agent.py --gateway http://localhost:8090 --concurrency 32

Each step is answered ``echo: <input>``, streamed word by word first (at most 32 deltas), as the
Java example worker (``./baton worker``) answers it, so that the two can stand in for each other:
the gateway benchmark (``bench/run --cases=gateway``) runs it against the Java worker.
``--no-stream`` answers without the deltas.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from baton_worker import Answer, Step, StepResult, Worker  # noqa: E402

PREFIX = "echo: "
MAX_ANSWER_DELTAS = 32


def answer_to(text: str) -> str:
    """The answer to ``text``: the Java EchoAgent's."""
    return PREFIX + text


def deltas_of(answer: str) -> list[str]:
    """``answer`` in pieces of whole words (each with its trailing space), at most 32 of them."""
    words = [w for w in re.split(r"(?<= )", answer) if w]
    per_delta = max(1, -(-len(words) // MAX_ANSWER_DELTAS))
    return ["".join(words[i : i + per_delta]) for i in range(0, len(words), per_delta)]


def streaming_agent(step: Step) -> StepResult:
    """Emits the answer's words, then answers."""
    answer = answer_to(step.input)
    for delta in deltas_of(answer):
        step.emit(delta)
    return Answer(answer)


def quiet_agent(step: Step) -> StepResult:
    """Answers at once, with no deltas."""
    return Answer(answer_to(step.input))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default=os.environ.get("BATON_GATEWAY_URL", "http://localhost:8090"))
    parser.add_argument("--token", default=os.environ.get("BATON_WORKER_TOKEN"))
    parser.add_argument("--concurrency", type=int, default=4, help="deliveries run at once (threads)")
    parser.add_argument("--poll-wait-ms", type=int, default=5000, help="how long one poll waits for work")
    parser.add_argument("--worker-id", default=None)
    parser.add_argument("--no-stream", action="store_true", help="answer without deltas")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    worker = Worker(
        args.gateway,
        args.token,
        concurrency=args.concurrency,
        worker_id=args.worker_id,
        poll_wait_ms=args.poll_wait_ms,
    )
    worker.agent(quiet_agent if args.no_stream else streaming_agent)
    logging.info(
        "Echoing for %s with %d slots%s", args.gateway, args.concurrency, "" if not args.no_stream else ", no deltas"
    )
    worker.run()


if __name__ == "__main__":
    main()
