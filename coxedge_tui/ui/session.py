"""Who the app talks to: switching account and environment, and telling the screens.

Every switch replaces `app.session` whole and ends with `SessionChanged` posted to each screen
of the stack; a screen that shows server data reloads it there (the browse screen does).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import InvalidThemeError
from textual.message import Message
from textual.worker import get_current_worker

from ..api.errors import AuthenticationError, CoxEdgeError
from ..connect import real_client
from ..settings.config import ConfigError, save_profile_setting
from ..settings.credentials import ApiKey, KeyringUnavailable, forget_saved_key_file, keyring_delete
from .text import clean

if TYPE_CHECKING:
    from ..api.models import Environment
    from .app import CoxEdgeApp

RESTARTED_GROUPS = ("images", "detail")


class SessionChanged(Message):
    """The account or the environment changed: data on screen belongs to the old one."""

    bubble = False


def announce(app: CoxEdgeApp) -> None:
    for screen in app.screen_stack:
        screen.post_message(SessionChanged())


def start(app: CoxEdgeApp) -> None:
    """What the app does once mounted: theme, a word about the key, the login screen when needed."""
    theme = app.session.profile.theme
    if theme:
        try:
            app.theme = theme
        except InvalidThemeError:
            app.notify(
                f"Unknown theme {clean(repr(theme))} in the profile; keeping the default.",
                severity="warning",
                markup=False,
            )
    key = app.session.key
    if key is not None and not app.session.demo:
        app.notify(f"Using the API key from {clean(key.source)} {key.masked()}", title="API key", markup=False)
    if app.account.login_at_start:
        from .screens.login import LoginScreen

        app.push_screen(LoginScreen())


async def ensure_session(app: CoxEdgeApp) -> bool:
    """Before loading data: False while there is no key; picks the first environment when none is set."""
    if app.session.demo:
        return True
    if app.session.key is None:
        return False
    if app.client.environment:
        return True
    try:
        environments = await app.client.list_environments()
    except CoxEdgeError as exc:
        app.report(exc)
        return False
    if not environments:
        app.notify("The API lists no environment for this key.", title="No environment", severity="error")
        return False
    first = environments[0].name
    app.session = app.session.switched(environment=first, picked=True)
    app.notify(
        f"No environment was configured: showing {clean(first)}, the first of {len(environments)}. "
        "Press e to choose another.",
        title="Environment",
        markup=False,
    )
    return True


def switch_environment(app: CoxEdgeApp, name: str, *, save: bool = False) -> str:
    """Switch; with `save`, also into the profile. Returns where it was saved ("" if it was not)."""
    app.session = app.session.switched(environment=name)
    announce(app)
    if save:
        settings = app.session.profile
        if settings.config_path is None:
            return ""
        try:
            save_profile_setting(settings.config_path, settings.profile, "environment", name)
        except ConfigError as exc:
            app.notify(str(exc), title="Not saved", severity="error", markup=False)
            return ""
        app.session = app.session.with_profile(replace(settings, environment=name))
        return f"Saved as the environment of profile {settings.profile} in {settings.config_path}."
    return ""


async def switch_account(app: CoxEdgeApp, key: ApiKey, environments: list[Environment]) -> None:
    """Leave the simulator (or a refused key) for the verified key's account."""
    from .. import debuglog  # only here: logging set-up stays off the start-up path

    debuglog.protect(key.value)
    settings = replace(app.session.profile, demo=False)
    picked = not settings.environment and bool(environments)
    if picked:
        settings = replace(settings, environment=environments[0].name)
    client = real_client(settings, key)
    old = app.session.client
    await app.tracker.stop_following(
        "No longer followed: the session switched to another API key. The task goes on on the server; "
        "refresh the list to see its outcome."
    )
    for screen in app.screen_stack:
        for group in RESTARTED_GROUPS:
            app.workers.cancel_group(screen, group)
    app.session = app.session.logged_in(settings, key, client, picked=picked)
    app.account.refused = False
    if app.list_cache is not None:
        app.list_cache.forget_all()  # lists saved under the profile may be another account's
    announce(app)
    if old is not None:
        await old.aclose()


def offer_login(app: CoxEdgeApp, error: AuthenticationError) -> None:
    """A refused key: the login screen once per key, over the user's place; later just a hint."""
    from .screens.login import LoginScreen

    already_open = any(isinstance(screen, LoginScreen) for screen in app.screen_stack)
    opening = not (app.account.refused or already_open)
    hint = "" if already_open or opening else " Press L to log in with another key."
    app.notify(clean(error.message) + hint, title=error.title, severity="error", timeout=10, markup=False)
    if opening:
        app.account.refused = True
        app.push_screen(LoginScreen(refusal=error.message))


def forget_key(app: CoxEdgeApp) -> None:
    """Ask first (Cancel is the default), then remove the profile's key from the keyring."""
    from .screens.login import ForgetKeyScreen

    profile = app.session.profile.profile

    def confirmed(yes: bool | None) -> None:
        if yes:
            app.run_worker(_forget(app), group="keyring", exit_on_error=False)

    app.push_screen(ForgetKeyScreen(profile), confirmed)


async def _forget(app: CoxEdgeApp) -> None:
    settings = app.session.profile
    notes: list[str] = []
    try:
        note = forget_saved_key_file(settings)
    except ConfigError as exc:
        note = str(exc)
    if note:
        notes.append(note)
    try:
        removed = await asyncio.to_thread(keyring_delete, settings.profile)
    except KeyringUnavailable as exc:
        notes.append(str(exc))
    else:
        notes.append(
            f"Removed the API key of profile {settings.profile} from the OS keyring."
            if removed
            else f"No API key is stored in the keyring for profile {settings.profile}."
        )
    if app.list_cache is not None and app.list_cache.forget_all():
        notes.append("Removed the saved image lists.")
    if not get_current_worker().is_cancelled:
        notes.append("This session keeps its key until you quit.")
        app.notify("\n".join(clean(n) for n in notes), title="Forget API key", markup=False, timeout=10)


def open_login(app: CoxEdgeApp) -> None:
    from .screens.login import LoginScreen

    if not any(isinstance(screen, LoginScreen) for screen in app.screen_stack):
        app.push_screen(LoginScreen())


def choose_environment(app: CoxEdgeApp) -> None:
    from .screens.environments import EnvironmentChoice, EnvironmentScreen

    if not app.session.has_key:
        app.notify("Log in first (L): environments are listed with the API key.", severity="warning")
        return

    def chosen(choice: EnvironmentChoice | None) -> None:
        if choice is None or (choice.name == app.client.environment and not choice.save):
            return
        saved = switch_environment(app, choice.name, save=choice.save)
        app.notify(clean(f"Now showing {choice.name}. {saved}".strip()), title="Environment", markup=False)

    app.push_screen(EnvironmentScreen(), chosen)
