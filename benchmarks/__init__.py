"""Benchmarks for the image list, each beside a plain Textual baseline measured in the same run.

Run `python -m benchmarks` (or `--quick`). They report figures; they never fail a build on timings.
"""
