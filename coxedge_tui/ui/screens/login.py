"""The login screen: a masked key, verified with one real API call, then stored where the user says."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ContentSwitcher, Input, Static

from ...api.errors import CoxEdgeError
from ...api.models import Environment
from ...connect import verify_key
from ...settings.config import ConfigError, save_profile_setting
from ...settings.credentials import (
    KEYRING_SERVICE,
    ApiKey,
    KeyringUnavailable,
    key_file_path,
    keyring_set,
    keyring_status,
    write_key_file,
)
from ..footer_keys import KeysFooter
from ..session import switch_account
from ..text import clean
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..app import CoxEdgeApp

ENTERED = "entered in the app"
FILE_WARNING = (
    "A key file is NOT encrypted: anyone who can read your files as you (or a backup of them) can use the key. "
    "It is written readable by you only (mode 0600) and named in the profile's api_key_file."
)


class LoginScreen(ReportsWorkerFailures, ModalScreen[bool]):
    """Dismissed with True once the session uses the new key, False when the user keeps what they had."""

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    #login-box { width: 84; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    #login-box .title { text-style: bold; margin-bottom: 1; }
    #login-intro { margin-bottom: 1; }
    #login-steps, #login-enter, #login-store { height: auto; }
    #login-error { color: $error; height: auto; margin-top: 1; }
    #login-progress { color: $text-muted; height: auto; margin-top: 1; }
    #login-error.empty, #login-progress.empty { display: none; }
    #login-box .buttons { height: auto; margin-top: 1; }
    #login-box Button { margin-right: 1; }
    #store-file-warning { color: $warning; margin-top: 1; display: none; }
    #store-file { display: none; }
    #login-box.file-asked #store-file-warning, #login-box.file-asked #store-file { display: block; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="login.cancel")]
    AUTO_FOCUS = "#login-key"  # focused once composed, with no query that could race a closing app

    app: CoxEdgeApp

    def __init__(self, *, refusal: str | None = None) -> None:
        super().__init__()
        self.refusal = refusal
        self._key: ApiKey | None = None
        self._environments: list[Environment] = []

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with Vertical(id="login-box"):
            yield Static("Log in to Cox Edge", classes="title")
            yield Static(self._intro(), id="login-intro")
            with ContentSwitcher(initial="login-enter", id="login-steps"):
                with Vertical(id="login-enter"):
                    yield Input(password=True, placeholder="Paste your API key (shown as dots)", id="login-key")
                    yield Static("", id="login-progress", classes="empty")
                    yield Static("", id="login-error", classes="empty")
                    with Horizontal(classes="buttons"):
                        yield Button("Verify and use", variant="primary", id="login-verify")
                        yield Button(self._cancel_label(), id="login-cancel")
                with Vertical(id="login-store"):
                    yield Static("", id="store-text")
                    with Horizontal(classes="buttons"):
                        yield Button("Store in the OS keyring", variant="primary", id="store-keyring")
                        yield Button("This session only", id="store-session")
                        yield Button("Save to a file instead…", id="store-file-ask")
                    yield Static(FILE_WARNING, id="store-file-warning")
                    yield Button(self._file_label(), variant="warning", id="store-file")

    def _cancel_label(self) -> str:
        if self.app.session.demo:
            return "Continue with the simulator"
        return "Keep the current key" if self.app.session.key is not None else "Quit"

    def _file_label(self) -> Text:
        """A path is shown as typed: brackets in it are not markup."""
        settings = self.app.session.profile
        if settings.config_path is None:
            return Text("Write the key to a file")
        return Text(f"Write the key to {key_file_path(settings.config_path, settings.profile)}")

    def _intro(self) -> Text:
        account, key = self.app.account, self.app.session.key
        settings = self.app.session.profile
        text = Text()
        if self.refusal:
            text.append("The server refused the API key", style="bold")
            if key is not None:
                text.append(f" from {clean(key.source)}")
            text.append(f":\n{clean(self.refusal)}\n\n")
        elif account.lookup is not None and account.lookup.key is None:
            text.append("No API key was found. Looked in: " + clean(", ".join(account.lookup.looked_in)) + ".\n")
            for problem in account.lookup.problems:
                text.append(f"  {clean(problem)}\n", style="italic")
            text.append("\n")
        elif key is not None:
            text.append(f"The session uses the key from {clean(key.source)} {key.masked()}.\n\n")
        text.append("A key entered here is checked with one request to ")
        text.append(clean(settings.api_url), style="bold")
        text.append(f" (profile {clean(settings.profile)}) before it is used.")
        return text

    def _has_session(self) -> bool:
        return self.app.session.has_key

    def action_cancel(self) -> None:
        has_session = self._has_session()
        self.dismiss(False)
        if not has_session:
            self.app.notify("No API key: press L to log in, or q to quit.", title="Not logged in", severity="warning")

    @on(Button.Pressed, "#login-cancel")
    def _cancel_pressed(self) -> None:
        if self._has_session():
            self.dismiss(False)
        else:
            self.app.exit()

    @on(Input.Submitted, "#login-key")
    @on(Button.Pressed, "#login-verify")
    def _verify_pressed(self) -> None:
        value = self.query_one("#login-key", Input).value.strip()
        if not value:
            self._show_error("Paste or type the API key first.")
            return
        self.verify(value)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#login-error", Static)
        error.update(Text(clean(message, multiline=True)))
        error.set_class(not message, "empty")
        self.query_one("#login-key", Input).focus()

    def _busy(self, note: str) -> None:
        progress = self.query_one("#login-progress", Static)
        progress.update(Text(clean(note)))
        progress.set_class(not note, "empty")
        self.query_one("#login-verify", Button).disabled = bool(note)

    @work(group="login", exclusive=True, exit_on_error=False)
    async def verify(self, value: str) -> None:
        key = ApiKey(value, ENTERED)
        settings = self.app.session.profile
        self._show_error("")
        self._busy(f"Checking the key with {settings.api_url}…")
        try:
            environments = await verify_key(settings, key)
        except CoxEdgeError as exc:
            self._busy("")
            self._show_error(key.scrub(exc.message))
            return
        problem = await asyncio.to_thread(keyring_status)
        self._busy("")
        self._key, self._environments = key, environments
        self._offer_storage(problem)

    def _offer_storage(self, keyring_problem: str | None) -> None:
        settings = self.app.session.profile
        names = ", ".join(e.name for e in self._environments[:5]) + (", …" if len(self._environments) > 5 else "")
        text = f"The key works: {len(self._environments)} environment(s) visible ({names}).\n\n"
        if keyring_problem is None:
            text += f"Store it in the OS keyring ({KEYRING_SERVICE}/{settings.profile}) so the next start finds it?"
        else:
            text += f"The key is kept for this session only: {keyring_problem}."
            self.query_one("#store-keyring", Button).display = False
            self.query_one("#store-session", Button).label = "Use it for this session"
        self.query_one("#store-text", Static).update(Text(clean(text, multiline=True)))
        self.query_one("#login-key", Input).value = ""
        self.query_one(ContentSwitcher).current = "login-store"
        buttons = self.query("#login-store Button").results(Button)
        next(b for b in buttons if b.display).focus()

    @on(Button.Pressed, "#store-file-ask")
    def _file_asked(self) -> None:
        self.query_one("#login-box").add_class("file-asked")
        self.query_one("#store-file", Button).focus()

    @on(Button.Pressed, "#store-keyring")
    def _store_keyring(self) -> None:
        self.finish("keyring")

    @on(Button.Pressed, "#store-session")
    def _store_session(self) -> None:
        self.finish("session")

    @on(Button.Pressed, "#store-file")
    def _store_file(self) -> None:
        self.finish("file")

    @work(group="login", exclusive=True, exit_on_error=False)
    async def finish(self, where: str) -> None:
        key = self._key
        if key is None:
            return
        settings = self.app.session.profile
        note = "Kept for this session only."
        if where == "keyring":
            try:
                await asyncio.to_thread(keyring_set, settings.profile, key.value)
            except KeyringUnavailable as exc:
                note = f"{exc}. Kept for this session only."
            else:
                key = ApiKey(key.value, f"keyring ({KEYRING_SERVICE}/{settings.profile})")
                note = f"Stored in the OS keyring as {KEYRING_SERVICE}/{settings.profile}."
        elif where == "file" and settings.config_path is not None:
            path = key_file_path(settings.config_path, settings.profile)
            try:
                write_key_file(path, key.value)
                save_profile_setting(settings.config_path, settings.profile, "api_key_file", str(path))
            except (OSError, ConfigError) as exc:
                note = f"Could not save the key file: {exc}. Kept for this session only."
            else:
                key = ApiKey(key.value, f"api_key_file of profile {settings.profile} ({path})")
                note = f"Saved (unencrypted, mode 0600) to {path}."
        await switch_account(self.app, key, self._environments)
        self.app.notify(
            clean(f"{note} Now using {self.app.session.settings.api_url}, environment {self.app.session.environment}."),
            title="Logged in",
            markup=False,
            timeout=8,
        )
        self.dismiss(True)


class ForgetKeyScreen(ModalScreen[bool]):
    """Ask before removing the stored key; Cancel has the focus."""

    DEFAULT_CSS = """
    ForgetKeyScreen { align: center middle; }
    #forget-box { width: 70; max-width: 100%; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    #forget-box .buttons { height: auto; margin-top: 1; }
    #forget-box Button { margin-right: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", id="forget.cancel")]
    AUTO_FOCUS = "#forget-cancel"  # the safe choice has the focus

    def __init__(self, profile: str) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with Vertical(id="forget-box"):
            yield Static(
                Text(
                    f"Remove the API key of profile {clean(self.profile)} from the OS keyring "
                    f"({KEYRING_SERVICE}/{clean(self.profile)})? The next start will ask for a key again."
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel", variant="primary", id="forget-cancel")
                yield Button("Forget the key", variant="error", id="forget-confirm")

    @on(Button.Pressed, "#forget-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#forget-confirm")
    def _confirm(self) -> None:
        self.dismiss(True)
