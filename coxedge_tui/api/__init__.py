
import sys

# httpx imports its own command-line tool (click, pygments) at import time, ~40 ms of start-up this
# app never uses; marking it absent makes httpx take its documented fallback instead.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
