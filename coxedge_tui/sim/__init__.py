"""The built-in Cox Edge simulator. Never imports textual."""

from .faults import Endpoint, FaultKind
from .simulator import DEFAULT_KEY, SimRequest, SimResponse, Simulator

__all__ = ["DEFAULT_KEY", "Endpoint", "FaultKind", "SimRequest", "SimResponse", "Simulator"]
