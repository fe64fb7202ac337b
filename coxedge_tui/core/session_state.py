"""Who and where the app talks to now: one immutable value, replaced whole on a login or a switch.

Textual-free, so the rule "an answer asked for in an older session is dropped" is testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..settings.config import Settings
from ..settings.credentials import ApiKey
from .list_cache import View

if TYPE_CHECKING:
    from ..api.client import CoxEdgeClient


@dataclass(frozen=True)
class Session:
    """The app's one owner of settings, key, client and environment; screens and widgets only read it.

    `settings` are what is shown (the demo's replacements included); `profile` are the account's own,
    as resolved and saved, which the login and "save as the profile's" write to.
    """

    settings: Settings
    profile: Settings
    key: ApiKey | None = field(default=None, repr=False)  # None in the demo and until a login
    client: CoxEdgeClient | None = field(default=None, repr=False)  # built after the first paint
    generation: int = 0  # bumped by every login and environment switch; older answers are dropped
    picked_environment: str = ""  # the environment chosen for the user when none was configured
    organization_name: str = ""  # the name of the organisation switched to with `o`, for the status line

    @property
    def environment(self) -> str:
        return self.settings.environment

    @property
    def organization(self) -> str | None:
        return self.settings.organization

    @property
    def demo(self) -> bool:
        return self.settings.demo

    @property
    def has_key(self) -> bool:
        """Whether there is anything to show: the simulator, or an account's key."""
        return self.demo or self.key is not None

    @property
    def view(self) -> View:
        """Which saved list belongs to what is shown now, and to which key (the demo's is empty)."""
        s = self.settings
        account = "" if s.demo or self.key is None else self.key.value
        return View(self.profile.profile, s.api_url, s.service, s.organization, s.environment, account)

    def is_current(self, generation: int) -> bool:
        """An answer asked for under `generation` still belongs to what is shown."""
        return generation == self.generation

    def with_client(self, client: CoxEdgeClient) -> Session:
        """The client built after the first paint: the same session, in its environment."""
        if client.environment != self.environment:
            client = client.for_environment(self.environment)
        return replace(self, client=client)

    def switched(self, *, environment: str, picked: bool = False) -> Session:
        """Another environment of the same account; the client shares the old one's connections."""
        client = self.client.for_environment(environment) if self.client is not None else None
        return replace(
            self,
            settings=replace(self.settings, environment=environment),
            client=client,
            generation=self.generation + 1,
            picked_environment=environment if picked else self.picked_environment,
        )

    def in_organization(self, organization: str, name: str, environment: str) -> Session:
        """Another organisation the key sees, in one of its environments; like an environment switch otherwise."""
        client = self.client.for_organization(organization, environment) if self.client is not None else None
        return replace(
            self,
            settings=replace(self.settings, organization=organization, environment=environment),
            client=client,
            generation=self.generation + 1,
            organization_name=name,
        )

    def logged_in(self, settings: Settings, key: ApiKey, client: CoxEdgeClient, *, picked: bool) -> Session:
        """The verified key's account replaces whatever was shown (the simulator, or a refused key)."""
        return Session(
            settings=settings,
            profile=self.profile,
            key=key,
            client=client,
            generation=self.generation + 1,
            picked_environment=settings.environment if picked else self.picked_environment,
        )

    def with_profile(self, profile: Settings) -> Session:
        """A setting saved to the profile (a theme, an environment): nothing shown changes, so the generation stays."""
        return replace(self, profile=profile)
