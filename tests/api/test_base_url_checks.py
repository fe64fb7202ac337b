"""The API address: never credentials in it, never echoed when it may hold them, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coxedge_tui.api.checks import check_base_url
from coxedge_tui.api.errors import CoxEdgeError
from coxedge_tui.cli import main
from coxedge_tui.ui.app import CoxEdgeApp

PASSWORD = "pw-Secret-77"


@pytest.mark.parametrize(
    "url",
    [
        f"https://user:{PASSWORD}@portal.example.test/api/v2",
        f"https://{PASSWORD}@portal.example.test",
        f"https://user:{PASSWORD}@portal.example.test:8443/api/v2?x=1",
        f"http://user:{PASSWORD}@127.0.0.1:8080/api/v2",
        f"ftp://user:{PASSWORD}@portal.example.test",
        f"https:user:{PASSWORD}@portal.example.test",
    ],
)
def test_credentials_in_the_address_are_refused_without_echoing_them(url: str) -> None:
    with pytest.raises(CoxEdgeError) as refused:
        check_base_url(url)

    assert "user name or password" in refused.value.message or "is not an http(s) address" in refused.value.message
    assert PASSWORD not in refused.value.message


def test_an_at_sign_in_the_path_is_not_mistaken_for_credentials() -> None:
    assert check_base_url("https://portal.example.test/api/v2/@team/") == "https://portal.example.test/api/v2/@team"


@pytest.mark.parametrize("url", ["http://[::1", "https://portal.example.test:port/api", "https://[zz]/api"])
def test_an_address_that_cannot_be_read_is_explained(url: str) -> None:
    with pytest.raises(CoxEdgeError, match="is not an http\\(s\\) address"):
        check_base_url(url)


def test_the_tui_does_not_start_with_credentials_in_the_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    started: list[CoxEdgeApp] = []
    monkeypatch.setattr(CoxEdgeApp, "run", lambda app, **_: started.append(app))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("COX_API_URL", f"https://user:{PASSWORD}@portal.example.test/api/v2")

    code = main([])

    out, err = capsys.readouterr()
    assert (code, started) == (2, [])
    assert "The API URL holds a user name or password" in err
    assert PASSWORD not in out + err
