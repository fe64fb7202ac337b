"""On a fresh clone, the xdist controller compiles the tests and the package once, before its workers start.

Each worker imports every test module to collect it. With nothing compiled yet (a fresh clone, the README's
test command run for the first time), each of the six workers rewrote the asserts of all ~140 test modules and
compiled them and the package: about 4 s of CPU per worker, some 20 s of the suite on two cores. Done here once,
serially, the workers find it done: the same files pytest itself writes (its rewritten-module pycs, in its place
and format) and the standard pycs of the other modules. When all is compiled already this only compares
timestamps. Whatever pytest version lacks the helpers used here, the workers compile as before.
"""

from __future__ import annotations

import compileall
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PACKAGE = TESTS.parent / "coxedge_tui"
REWRITTEN = re.compile(r"test_.*\.py|conftest\.py")  # pytest rewrites the asserts of these (python_files)


def compile_once(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return  # a worker, or no workers: nothing is compiled more than once
    compileall.compile_dir(PACKAGE, quiet=2)
    compileall.compile_dir(TESTS, quiet=2, rx=re.compile(r"(^|/)(test_[^/]*|conftest)\.py$"))
    try:
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        for source in sorted(TESTS.rglob("*.py")):
            if REWRITTEN.fullmatch(source.name):
                cache = rewrite.get_cache_dir(source)
                pyc = cache / (source.name[:-3] + rewrite.PYC_TAIL)
                if rewrite._read_pyc(source, pyc) is None and rewrite.try_makedirs(cache):
                    stat, code = rewrite._rewrite_test(source, config)
                    rewrite._write_pyc(state, code, stat, pyc)
    except (ImportError, AttributeError, KeyError, TypeError, OSError, SyntaxError):
        return  # another pytest: each worker rewrites its modules itself, as pytest always does
