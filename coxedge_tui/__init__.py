"""coxedge-tui: a terminal UI for Cox Edge virtual-machine images."""

__version__ = "0.1.0"
