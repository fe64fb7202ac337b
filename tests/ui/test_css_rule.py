"""One CSS rule: app.tcss lays the screens out; a widget's or a dialog's own look is in its DEFAULT_CSS."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.dom import DOMNode

import coxedge_tui.ui


def selectors(tcss: str) -> str:
    """The selectors of a stylesheet, without its comments and declarations (nested ones too)."""
    text = re.sub(r"/\*.*?\*/", "", tcss, flags=re.S)
    while (bare := re.sub(r"\{[^{}]*\}", " ", text)) != text:
        text = bare
    return text


def test_app_tcss_styles_no_widget_or_dialog_of_the_app() -> None:
    tcss = (Path(coxedge_tui.ui.__file__).parent / "app.tcss").read_text()
    ours = {
        name
        for module in pkgutil.walk_packages(coxedge_tui.ui.__path__, "coxedge_tui.ui.")
        for name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass)
        if issubclass(cls, DOMNode) and cls.__module__ == module.name
    }
    named = set(re.findall(r"\b[A-Z]\w*", selectors(tcss)))
    assert not named & ours, f"move their rules into their DEFAULT_CSS: {sorted(named & ours)}"
    assert not re.search(r"#(help|create|delete|quit)-", selectors(tcss)), "a dialog's look goes in its DEFAULT_CSS"
