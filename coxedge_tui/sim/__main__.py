"""python -m coxedge_tui.sim: serve the simulator on loopback for curl or any client."""

from __future__ import annotations

import argparse
import os
import sys

from ..api.client import is_loopback_host
from .faults import SLOW_SECONDS, Endpoint, Fault, FaultKind, parse_fault
from .server import SimulatorServer
from .simulator import DEFAULT_KEY, TASK_FAILURE_WORDS, TASK_FORMS, Simulator


def _fault(spec: str) -> Fault:
    try:
        return parse_fault(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def shown_key(key: str) -> str:
    """The built-in demo key is public, so the hint can be pasted as it is; a chosen key is never echoed."""
    return key if key == DEFAULT_KEY else "<key>"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m coxedge_tui.sim",
        description="Serve a simulated Cox Edge API over HTTP on a loopback address.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "The key may also come from COX_SIM_KEY. Point the app at it with\n"
            "  COX_API_URL=<printed url> COX_API_KEY=<key> COX_ENVIRONMENT=test-area coxedge-tui\n\n"
            f"Fault endpoints: {', '.join(Endpoint)}\n"
            f"Fault kinds: {', '.join(FaultKind)}\n"
            "Examples: --fault list:502  --fault create:drop:always  --fault any:429:3\n"
            "One environment only: --fault list@production:403:always"
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--images", type=int, default=40, metavar="COUNT", help="images in the test-area environment")
    parser.add_argument(
        "--key", default=os.environ.get("COX_SIM_KEY", DEFAULT_KEY), help=f"accepted API key (default {DEFAULT_KEY!r})"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated world")
    parser.add_argument("--task-delay", type=float, default=4.0, metavar="SECONDS", help="how long tasks take")
    parser.add_argument(
        "--task-form",
        choices=TASK_FORMS,
        default=TASK_FORMS[0],
        help="GET /tasks/<id> answers wrapped in 'data' as Cox's clients parse (default), or flat as the docs show",
    )
    parser.add_argument(
        "--task-failure-status",
        choices=TASK_FAILURE_WORDS,
        default=TASK_FAILURE_WORDS[0],
        help="the status of a failed task: FAILURE as Cox's clients expect (default), or FAILED as the docs spell it",
    )
    parser.add_argument(
        "--fail-tasks", type=int, default=0, metavar="COUNT", help="make the next COUNT create/delete tasks fail"
    )
    parser.add_argument("--latency", type=float, default=0.0, metavar="SECONDS", help="delay added to every answer")
    parser.add_argument(
        "--fault",
        type=_fault,
        action="append",
        default=[],
        metavar="ENDPOINT:KIND[:COUNT]",
        help="inject a fault on an endpoint COUNT times (default 1, or 'always'); repeatable",
    )
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=SLOW_SECONDS,
        metavar="SECONDS",
        help=f"how late 'slow' answers come (default {SLOW_SECONDS:.0f}, beyond the app's read timeout)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not is_loopback_host(args.host):
        parser.error(f"{args.host} is not a loopback address; the simulator only serves this machine.")
    sim = Simulator(seed=args.seed, images=args.images, api_key=args.key, task_delay=args.task_delay)
    sim.latency = args.latency
    sim.task_form = args.task_form
    sim.task_failure_status = args.task_failure_status
    sim.fail_next_tasks = args.fail_tasks
    sim.faults.slow_seconds = args.slow_seconds
    for fault in args.fault:
        sim.faults.inject(fault.endpoint, fault.kind, fault.remaining)
    with SimulatorServer(sim, args.host, args.port, verbose=args.verbose) as server:
        print(f"Cox Edge simulator on {server.url}  (environments: {', '.join(sim.envs)})", flush=True)
        images_url = f"{server.url}/services/edge-services/test-area/images"
        print(f"  curl -H 'MC-Api-Key: {shown_key(args.key)}' {images_url}", flush=True)
        for fault in args.fault:
            times = "always" if fault.remaining is None else f"{fault.remaining}x"
            print(f"  fault: {fault.kind} on {fault.endpoint} ({times})", flush=True)
        try:
            server.wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
