"""The built-in Cox Edge simulator. Never imports textual."""

from .simulator import DEFAULT_KEY, Simulator, SimResponse

__all__ = ["DEFAULT_KEY", "Simulator", "SimResponse"]
