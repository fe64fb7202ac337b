"""The app's one Session: replaced whole on a switch or a login, so older answers can be told apart."""

from __future__ import annotations

import dataclasses

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.kinds import ImageType
from coxedge_tui.core.session_state import Session
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.sim import Simulator

KEY = ApiKey("cx-session-key-4b2d", "COX_API_KEY")


def real(settings: Settings) -> Settings:
    return dataclasses.replace(settings, demo=False)


def images_paths(sim: Simulator) -> list[str]:
    return [path for method, path in sim.requests if method == "GET" and path.endswith("/images")]


async def test_an_environment_switch_replaces_the_session_and_leaves_the_old_one_as_it_was(
    client: CoxEdgeClient, settings: Settings, sim: Simulator
) -> None:
    before = Session(settings=real(settings), profile=real(settings), key=KEY, client=client)
    after = before.switched(environment="production")
    assert (before.environment, before.generation, before.client) == ("test-area", 0, client)
    assert (after.environment, after.generation, after.key) == ("production", 1, KEY)
    assert after.profile.environment == "test-area"  # not saved to the profile unless asked
    assert after.client is not None and after.client is not client
    await after.client.list_images(ImageType.ALL)
    await client.list_images(ImageType.ALL)
    assert images_paths(sim) == [
        "/api/v2/services/edge-services/production/images",
        "/api/v2/services/edge-services/test-area/images",
    ]


async def test_an_answer_asked_for_before_a_switch_or_a_login_is_no_longer_current(
    client: CoxEdgeClient, settings: Settings
) -> None:
    first = Session(settings=real(settings), profile=real(settings), key=KEY, client=client)
    switched = first.switched(environment="production")
    other_key = ApiKey("cx-other-key-9a1c", "entered in the app")
    logged_in = switched.logged_in(real(settings), other_key, client, picked=False)
    assert first.is_current(first.generation)
    assert not switched.is_current(first.generation)
    assert not logged_in.is_current(switched.generation) and logged_in.is_current(logged_in.generation)
    assert (logged_in.key, logged_in.environment, logged_in.generation) == (other_key, "test-area", 2)


def test_a_saved_profile_setting_keeps_the_generation(settings: Settings) -> None:
    session = Session(settings=settings, profile=settings)
    themed = session.with_profile(dataclasses.replace(settings, theme="nord"))
    assert (themed.profile.theme, themed.generation) == ("nord", 0)
    assert (session.profile.theme, themed.settings) == (settings.theme, settings)


def test_the_environment_picked_for_the_user_is_remembered_across_later_switches(settings: Settings) -> None:
    unset = dataclasses.replace(real(settings), environment="")
    session = Session(settings=unset, profile=unset, key=KEY).switched(environment="test-area", picked=True)
    assert session.picked_environment == "test-area"
    assert session.switched(environment="production").picked_environment == "test-area"


def test_the_saved_list_view_follows_the_session(settings: Settings) -> None:
    demo = Session(settings=settings, profile=settings)
    account = Session(settings=real(settings), profile=real(settings), key=KEY)
    assert (demo.view.key, demo.has_key) == ("", True)
    assert (account.view.key, account.view.environment) == (KEY.value, "test-area")
    assert account.switched(environment="production").view.environment == "production"
    assert not Session(settings=real(settings), profile=real(settings)).has_key


def test_the_key_never_appears_in_the_sessions_repr(client: CoxEdgeClient, settings: Settings) -> None:
    assert KEY.value not in repr(Session(settings=real(settings), profile=real(settings), key=KEY, client=client))


def test_a_connection_cannot_be_changed_in_place(client: CoxEdgeClient) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        client.connection.environment = "production"  # type: ignore[misc]
    assert client.for_environment("production").connection.environment == "production"
    assert client.environment == "test-area"
