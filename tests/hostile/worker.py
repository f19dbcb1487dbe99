"""Runs command-line cases of the hostile corpus, one JSON line in and one out.

Each case runs through ``simulator.cli.main`` in this process, as the ``simulator``
command would run it, so a few hundred cases cost one interpreter start. The test
that drives this worker kills it when a case runs past its time limit (a hang)
and starts a new one for the cases after it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import traceback

from simulator.cli import main


def run_case(case: dict) -> dict:
    """Run one case; its exit code (or ``"traceback"``) and the tail of its output."""
    os.chdir(case["cwd"])
    os.environ.update(case["env"])
    stdout, stderr = io.StringIO(), io.StringIO()
    code: object
    with open(os.devnull, encoding="utf-8") as closed_input:
        sys.stdin = closed_input
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main(case["argv"])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 2
        except BaseException:  # noqa: BLE001 - any escape is what the corpus is looking for
            code = "traceback"
            stderr.write(traceback.format_exc())
    return {"code": code, "stdout": stdout.getvalue()[-2000:], "stderr": stderr.getvalue()[-4000:]}


def serve() -> None:
    requests = sys.stdin
    replies = sys.stdout
    for line in requests:
        reply = run_case(json.loads(line))
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve()
