"""Every simulated fault on every endpoint, as the user meets it: a specific message, the data kept, the app alive.

On virtual time: the simulator's tasks and the app's task checks run on one FakeClock that only the test moves
(`tests/virtual_time.py`), the client's timeouts and retries take no real time worth the name, and the detail
pane's wait for the cursor to rest fires when the test says (`tests/manual_timers.py`). Auto-refresh is off
(tests/conftest.py's settings), so no timer of the app's own loads anything in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.models import CreateImageRequest
from coxedge_tui.api.retry import RetryPolicy
from coxedge_tui.core.tasks import TrackedTask
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import Created, CreateImageScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen
from coxedge_tui.ui.screens.login import LoginScreen
from tests.conftest import FIXED_NOW, FakeClock
from tests.manual_timers import ManualTimers
from tests.ui.conftest import virtual_tasks
from tests.virtual_time import VirtualTime

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]

READ_SAYS = {
    FaultKind.REFUSED: "cannot connect",
    FaultKind.CONNECT_TIMEOUT: "connection timed out",
    FaultKind.DROP: "lost before an answer",
    FaultKind.SLOW: "did not answer in time",
    FaultKind.UNAUTHORIZED: "HTTP 401",
    FaultKind.FORBIDDEN: "HTTP 403",
    FaultKind.NOT_FOUND: "HTTP 404",
    FaultKind.BAD_REQUEST: "HTTP 400",
    FaultKind.NOT_ALLOWED: "HTTP 405",
    FaultKind.CONFLICT: "HTTP 409",
    FaultKind.RATE_LIMITED: "HTTP 429",
    FaultKind.RATE_LIMITED_DATE: "HTTP 429",
    FaultKind.RATE_LIMITED_BARE: "HTTP 429",
    FaultKind.SERVER_ERROR: "HTTP 500",
    FaultKind.BAD_GATEWAY: "HTTP 502",
    FaultKind.UNAVAILABLE: "HTTP 503",
    FaultKind.GATEWAY_TIMEOUT: "HTTP 504",
    FaultKind.MALFORMED_JSON: "not JSON",
    FaultKind.WRONG_SHAPE: "the answer had",  # "an unexpected shape (…)" or "no 'data' list"
    FaultKind.EMPTY: "empty answer",
    FaultKind.NO_CONTENT: "the answer had",  # a read answered 204 has no 'data'
    FaultKind.REDIRECT: "redirected",
}
WRITE_SAYS = READ_SAYS | {
    FaultKind.REFUSED: "Nothing was sent",
    FaultKind.CONNECT_TIMEOUT: "Nothing was sent",
    FaultKind.DROP: "the create went through",  # carried out, answer lost, then checked with the server
    FaultKind.SLOW: "the create went through",
}
REFUSED_KEY = (FaultKind.UNAUTHORIZED, FaultKind.FORBIDDEN)
ACCEPTED_WITHOUT_TASK = (FaultKind.EMPTY, FaultKind.NO_CONTENT)  # a delete answered 204 or an empty 200
# One app meets every kind in turn, as a user meets failures one after another: starting an app and opening the
# form cost more than the rest of a case, so a case per kind made this file a third of the suite's CPU.
# Before each kind the previous failure's words are gone from the screen, so each kind's words are its own.
# 401 and 403 end at the login screen: 401 is the last kind of the shared app, 403 has an app of its own.
GROUPS = {
    "every-kind-then-401": (
        FaultKind.REFUSED, FaultKind.CONNECT_TIMEOUT, FaultKind.DROP, FaultKind.SLOW,
        FaultKind.NOT_FOUND, FaultKind.BAD_REQUEST, FaultKind.NOT_ALLOWED, FaultKind.CONFLICT,
        FaultKind.RATE_LIMITED, FaultKind.RATE_LIMITED_DATE, FaultKind.RATE_LIMITED_BARE, FaultKind.SERVER_ERROR,
        FaultKind.BAD_GATEWAY, FaultKind.UNAVAILABLE, FaultKind.GATEWAY_TIMEOUT,
        FaultKind.MALFORMED_JSON, FaultKind.WRONG_SHAPE, FaultKind.EMPTY, FaultKind.NO_CONTENT, FaultKind.REDIRECT,
        FaultKind.UNKNOWN_STATUS,
        FaultKind.UNAUTHORIZED,
    ),
    "403": (FaultKind.FORBIDDEN,),
}  # fmt: skip
assert sorted(k for group in GROUPS.values() for k in group) == sorted(FaultKind), "every kind, once"
assert all(k not in REFUSED_KEY for group in GROUPS.values() for k in group[:-1]), "the login screen ends an app"


def groups(*, without: tuple[FaultKind, ...] = ()) -> list[object]:
    return [
        pytest.param(tuple(k for k in kinds if k not in without), id=name)
        for name, kinds in GROUPS.items()
        if set(kinds) - set(without)
    ]


@contextmanager
def meeting(kind: FaultKind) -> Iterator[None]:
    """A failed assertion names the kind it happened with."""
    try:
        yield
    except AssertionError as failure:
        raise AssertionError(f"with the fault {kind}: {failure}") from failure


TRANSIENT = (
    FaultKind.REFUSED, FaultKind.CONNECT_TIMEOUT, FaultKind.DROP, FaultKind.SLOW, FaultKind.RATE_LIMITED,
    FaultKind.RATE_LIMITED_DATE, FaultKind.RATE_LIMITED_BARE, FaultKind.SERVER_ERROR, FaultKind.BAD_GATEWAY,
    FaultKind.UNAVAILABLE, FaultKind.GATEWAY_TIMEOUT,
)  # fmt: skip


TIMEOUT = 0.01  # the client's connect and read timeouts: a slow answer (below) times out at once


@pytest.fixture
def sim(clock: FakeClock) -> Simulator:
    sim = Simulator(seed=7, images=40, clock=clock)  # a task takes 4 s of the virtual clock
    sim.faults.slow_seconds = 2 * TIMEOUT
    sim.faults.retry_after_seconds = 0
    return sim


async def at_once(_seconds: float) -> None:
    """The client's wait before a retry: the retry happens, the wait does not."""
    await asyncio.sleep(0)


@pytest.fixture
def app(sim: Simulator, settings: Settings, vt: VirtualTime) -> CoxEdgeApp:
    client = CoxEdgeClient(
        Connection(
            api_key=DEFAULT_KEY,
            base_url=IN_PROCESS_URL,
            environment="test-area",
            timeout=TIMEOUT,
            connect_timeout=TIMEOUT,
        ),
        transport=SimulatorTransport(sim),
        retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02),
        sleep=at_once,
    )
    return CoxEdgeApp(client, settings, tracker=virtual_tasks(vt), wall_clock=lambda: FIXED_NOW)


def seen(app: CoxEdgeApp, screen: Screen) -> str:
    """Everything the user can read now: the screen and every notification."""
    return screen(app) + "\n" + "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def shows(app: CoxEdgeApp, screen: Screen, words: str) -> bool:
    """`words` are in `seen`: the notifications are read first, and the screen drawn only when they lack them."""
    return any(words in f"{n.title}: {n.message}" for n in app._notifications) or words in screen(app)


async def browsing(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


def alive(app: CoxEdgeApp) -> None:
    assert app.is_running and app._exception is None
    assert not [n for n in app._notifications if n.title == "Unexpected error"]


async def quiet(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until, words: str, clean: Callable[[], Awaitable[object]]
) -> None:
    """No fault armed, no notification, and `words` nowhere on screen: what comes next is the next kind's own."""
    sim.faults.clear()
    app.clear_notifications()
    if words in seen(app, screen):
        await clean()
        await until(lambda: words not in seen(app, screen), what=f"{words!r} to go")


async def followed_to_its_end(app: CoxEdgeApp, vt: VirtualTime, until: Until, earlier: int) -> TrackedTask:
    """The task the app started following after the first `earlier`, checked on virtual time until it ends."""
    await until(lambda: len(app.tracker.tasks) > earlier, what="the task followed")
    task = app.tracker.tasks[earlier]
    await vt.run_until(app.tracker, lambda: task.finished)
    return task


def says(kind: FaultKind) -> str:
    return "QUARANTINED" if kind is FaultKind.UNKNOWN_STATUS else READ_SAYS[kind]


@pytest.mark.parametrize("kinds", groups())
async def test_a_failed_list_refresh_says_why_and_keeps_the_list(
    app: CoxEdgeApp, sim: Simulator, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        browse = await browsing(app, until)
        before = [i.id for i in browse.image_table.images]

        async def meet(kind: FaultKind) -> None:
            await quiet(app, sim, screen, until, says(kind), lambda: pilot.press("r"))
            sim.faults.always(Endpoint.LIST, kind)
            await pilot.press("r")
            if kind is FaultKind.UNKNOWN_STATUS:
                await until(lambda: "QUARANTINED" in screen(app), what="the unknown status, verbatim")
            else:
                await until(lambda: shows(app, screen, READ_SAYS[kind]), what=READ_SAYS[kind])
                assert [i.id for i in browse.image_table.images] == before
            if kind in REFUSED_KEY:
                await until(
                    lambda: isinstance(app.screen, LoginScreen) and app.screen.query("#login-key"), what="login"
                )
            alive(app)

        for kind in kinds:
            with meeting(kind):
                await meet(kind)


@pytest.mark.parametrize("kinds", groups())
async def test_a_failed_detail_load_says_why_in_the_detail_pane(
    app: CoxEdgeApp, sim: Simulator, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(140, 24)) as pilot:
        browse = await browsing(app, until)
        await until(lambda: "As the server had it" in screen(app), what="first detail")
        rest = browse.detail_rest.later = ManualTimers()  # the cursor rests when the test says

        async def step() -> None:
            table = browse.image_table
            await pilot.press("k" if table.cursor_row == table.row_count - 1 else "j")
            assert rest.fire_all() == 1, "the step asked for its row's details"

        async def meet(kind: FaultKind) -> None:
            await quiet(app, sim, screen, until, says(kind), step)  # an image loaded well
            sim.faults.always(Endpoint.RETRIEVE, kind)
            await step()
            if kind is FaultKind.UNKNOWN_STATUS:
                await until(lambda: "QUARANTINED" in screen(app), what="the unknown status")
            elif kind is FaultKind.NOT_FOUND:
                await until(lambda: "no longer exists on the server" in screen(app), what="the 404 note")
            else:
                await until(lambda: READ_SAYS[kind] in str(browse.image_detail.note), what=READ_SAYS[kind])
            if kind in REFUSED_KEY:
                await until(
                    lambda: isinstance(app.screen, LoginScreen) and app.screen.query("#login-key"), what="login"
                )
            assert browse.image_table.row_count == 40
            alive(app)

        for kind in kinds:
            with meeting(kind):
                await meet(kind)


def form_problem(form: CreateImageScreen) -> str:
    """The form's own message line; empty once the form has closed."""
    found = form.query("#server-problem")
    return str(found.first().render()) if found else ""


async def fill_form(app: CoxEdgeApp, sim: Simulator, pilot: object, until: Until, family: str) -> CreateImageScreen:
    await pilot.press("n")  # type: ignore[attr-defined]
    await until(lambda: isinstance(app.screen, CreateImageScreen), what="form")
    form = app.screen
    assert isinstance(form, CreateImageScreen)
    vm = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    # Set, not typed: what the test is about is what a failed create leaves in the fields.
    form.query_one("#family").value = family
    form.query_one("#tag").value = "v1"
    form.query_one("#workload").value = vm.id
    form.query_one("#instance").value = vm.instances[0].name
    return form


async def created_as_the_form_sends_it(app: CoxEdgeApp, sim: Simulator, browse: BrowseScreen, family: str) -> None:
    """A create accepted and handed to the browse screen as the form does; the form's own faults are tested above
    (opening it costs more than the rest of a task-check case)."""
    vm = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    request = CreateImageRequest(family=family, tag="v1", workloadId=vm.id, instanceName=vm.instances[0].name)
    browse.creating._created(Created(request, await app.client.create_image(request), vm.name))


def posted(sim: Simulator) -> int:
    return sum(1 for m, _ in sim.requests if m == "POST")


@pytest.mark.parametrize("kinds", groups(without=(FaultKind.UNKNOWN_STATUS,)))
async def test_a_rejected_create_keeps_every_field_and_shows_the_reason(
    app: CoxEdgeApp, sim: Simulator, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        browse = await browsing(app, until)
        form: CreateImageScreen | None = None
        family = ""

        async def meet(n: int, kind: FaultKind) -> None:
            nonlocal form, family
            if form is None:  # the first kind, or the last one's image was created and the form closed
                family = f"faulty{n}"
                form = await fill_form(app, sim, pilot, until, family)
            sim.faults.clear()
            app.clear_notifications()
            before = posted(sim)
            sim.faults.inject(Endpoint.CREATE, kind)
            await pilot.press("ctrl+s")
            await until(lambda: posted(sim) > before, what="the create sent")  # the form's last words go now
            words = WRITE_SAYS[kind]
            await until(lambda: words in form_problem(form) or shows(app, screen, words), what=words)
            assert posted(sim) == before + 1, "a create is never sent twice"
            if kind in (FaultKind.DROP, FaultKind.SLOW):
                await until(lambda: app.screen is browse, what="the form to close: the image exists")
                form = None
            else:
                assert app.screen is form or isinstance(app.screen, LoginScreen)
                assert form.value("family") == family and form.value("tag") == "v1"
                assert form.value("workload") and form.value("instance")
            alive(app)

        for n, kind in enumerate(kinds):
            with meeting(kind):
                await meet(n, kind)


def deleted(sim: Simulator) -> int:
    return sum(1 for m, _ in sim.requests if m == "DELETE")


@pytest.mark.parametrize("kinds", groups(without=(FaultKind.UNKNOWN_STATUS,)))
async def test_a_failed_delete_says_why_and_the_row_stays_unless_it_went(
    app: CoxEdgeApp, sim: Simulator, vt: VirtualTime, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    sim.instant_tasks = True
    async with app.run_test(size=(100, 24)) as pilot:
        browse = await browsing(app, until)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")

        async def meet(kind: FaultKind) -> None:
            words = READ_SAYS[kind].replace("Nothing", "")
            await quiet(app, sim, screen, until, words, lambda: pilot.press("r"))
            image = browse.image_table.current_image
            assert image is not None
            before, earlier = deleted(sim), len(app.tracker.tasks)
            sim.faults.inject(Endpoint.DELETE, kind)
            if before == 0:  # the first kind as a user meets it; then as y in the dialog does (opening it costs more)
                await pilot.press("d")
                await until(lambda: isinstance(app.screen, ConfirmDeleteScreen), what="confirmation")
                await pilot.press("y")
            else:
                browse.creating.delete(image)
            await until(lambda: deleted(sim) > before, what="the delete sent")
            if kind in (FaultKind.DROP, FaultKind.SLOW):
                await until(lambda: shows(app, screen, "the delete went through"), what="the reconciliation")
                await until(lambda: all(i.id != image.id for i in browse.image_table.images), what="the row to go")
            elif kind in ACCEPTED_WITHOUT_TASK:
                await followed_to_its_end(app, vt, until, earlier)  # checking the image until it is gone
                await until(lambda: shows(app, screen, f"Deleted {image.family}:{image.tag}."), what="deleted")
                await until(lambda: all(i.id != image.id for i in browse.image_table.images), what="the row to go")
            else:
                await until(lambda: shows(app, screen, words), what=READ_SAYS[kind])
                assert image.id not in browse.image_table.marks
                assert any(i.id == image.id for i in browse.image_table.images)
            assert deleted(sim) == before + 1, "a delete is never sent twice"
            alive(app)

        for kind in kinds:
            with meeting(kind):
                await meet(kind)


@pytest.mark.parametrize("kinds", groups())
async def test_a_failed_task_check_keeps_following_or_ends_with_the_reason(
    app: CoxEdgeApp, sim: Simulator, vt: VirtualTime, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(100, 24)):
        browse = await browsing(app, until)

        async def meet(n: int, kind: FaultKind) -> None:
            await quiet(app, sim, screen, until, says(kind), lambda: asyncio.sleep(0))
            earlier = len(app.tracker.tasks)
            sim.faults.inject(Endpoint.TASK, kind)
            await created_as_the_form_sends_it(app, sim, browse, f"watched{n}")
            task = await followed_to_its_end(app, vt, until, earlier)
            if kind in TRANSIENT or kind is FaultKind.UNKNOWN_STATUS:
                assert task.state.value == "succeeded", task.message
                await until(lambda: shows(app, screen, f"Created watched{n}:v1."), what="the end announced")
            elif kind is FaultKind.NOT_FOUND:
                assert task.state.value == "expired"
                await until(lambda: shows(app, screen, "expired"), what="the expiry announced")
            else:
                assert task.state.value == "error"
                await until(lambda: shows(app, screen, READ_SAYS[kind]), what=READ_SAYS[kind])
            alive(app)

        for n, kind in enumerate(kinds):
            with meeting(kind):
                await meet(n, kind)


@pytest.mark.parametrize("kinds", groups(without=(FaultKind.UNKNOWN_STATUS,)))
async def test_a_failed_environment_list_says_why(
    app: CoxEdgeApp, sim: Simulator, kinds: tuple[FaultKind, ...], screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        browse = await browsing(app, until)

        async def meet(kind: FaultKind) -> None:
            listing = app.screen if isinstance(app.screen, EnvironmentScreen) else None
            # The first kind as a user meets it (e); then the open list loads again as opening it does.
            await quiet(app, sim, screen, until, READ_SAYS[kind], lambda: loaded_again(listing))
            sim.faults.always(Endpoint.ENVIRONMENTS, kind)
            if listing is None:
                await pilot.press("e")
            else:
                listing.load_environments()
            await until(lambda: shows(app, screen, READ_SAYS[kind]), what=READ_SAYS[kind])
            assert browse.image_table.row_count == 40
            alive(app)

        async def loaded_again(listing: EnvironmentScreen | None) -> None:
            if listing is not None:
                listing.load_environments()

        for kind in kinds:
            with meeting(kind):
                await meet(kind)
