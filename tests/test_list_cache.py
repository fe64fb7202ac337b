"""The saved list: what is kept, where, with which rights, and that a bad file never stops the app."""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coxedge_tui.api.models import Image
from coxedge_tui.core.list_cache import CACHE_ROWS, FIELDS, CachedImage, ListCache, View

KEY = "cx-key-a-3f9d2c7e81b4"
VIEW = View("default", "https://portal.example/api/v2", "edge-services", "org-1", "production", KEY)
AT = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)


def image(n: int, **extra: object) -> Image:
    return Image.model_validate(
        {
            "id": f"stack/fam-{n}/v{n}",
            "stackId": "stack",
            "family": f"fam-{n}",
            "tag": f"v{n}",
            "slug": "acme",
            "status": "READY",
            "createdAt": (AT - timedelta(hours=n)).isoformat(),
            "description": f"image {n}",
            "reference": f"acme/fam-{n}:v{n}",
            **extra,
        }
    )


def test_the_saved_fields_are_exactly_the_image_fields() -> None:
    """A field added to the model must be added to the saved list too, or the saved rows would lack it.

    The environment is the Everywhere view's (an image listed with where it is), kept in its saved list."""
    from coxedge_tui.core.everywhere import PlacedImage

    assert set(FIELDS) == set(PlacedImage.model_fields) == {*Image.model_fields, "environment"}
    assert set(FIELDS) == {f for f in CachedImage.__dataclass_fields__}


def test_a_saved_list_comes_back_as_it_was(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    images = [image(1), image(2, slug="stackpath-edge", description=None)]
    cache.save(VIEW, images, AT)
    saved = cache.load(VIEW)
    assert saved is not None
    assert saved.saved_at == AT and saved.total == 2
    assert [(i.id, i.family, i.tag, i.status, i.reference, i.created_at) for i in saved.images] == [
        (i.id, i.family, i.tag, i.status, i.reference, i.created_at) for i in images
    ]
    assert [i.is_custom for i in saved.images] == [True, False]
    assert saved.images[1].description is None


def test_the_file_is_the_owners_alone_and_holds_no_key(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    path = cache.path(VIEW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    saved = json.loads(path.read_text())
    assert set(saved) == {"format", "key_id", "view", "saved_at", "total", "images"}
    assert saved["view"] == {  # what shell completion matches on, without the key
        "profile": "default", "api_url": "https://portal.example/api/v2", "service": "edge-services",
        "organization": "org-1", "environment": "production",
    }
    files = list(path.parent.iterdir())
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    plain_hash = hashlib.sha256(KEY.encode()).hexdigest().encode()  # unkeyed: cheap to brute-force offline
    for f in files:
        assert KEY.encode() not in f.read_bytes() and plain_hash not in f.read_bytes()


def test_a_list_saved_with_one_key_is_not_shown_to_another(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    assert cache.load(replace(VIEW, key="cx-key-b-0d4e8a19c2f7")) is None
    assert cache.load(replace(VIEW, key="")) is None
    assert cache.load(VIEW) is not None


def test_a_list_put_under_another_keys_name_is_not_shown(tmp_path: Path) -> None:
    """The key's identity is checked inside the file too, not only by its name."""
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    other = replace(VIEW, key="cx-key-b-0d4e8a19c2f7")
    cache.path(other).write_bytes(cache.path(VIEW).read_bytes())
    assert cache.load(other) is None


def test_forgetting_makes_a_new_secret_so_old_names_mean_nothing(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    first = cache.path(VIEW).name
    cache.forget_all()
    cache.save(VIEW, [image(1)], AT)
    assert cache.path(VIEW).name != first and cache.load(VIEW) is not None


def test_each_account_view_has_its_own_list(tmp_path: Path) -> None:
    cache = ListCache(tmp_path)
    cache.save(VIEW, [image(1)], AT)
    for other in (
        replace(VIEW, environment="staging"),
        replace(VIEW, environment=""),
        replace(VIEW, organization="org-2"),
        replace(VIEW, organization=None),
        replace(VIEW, api_url="https://other.example/api/v2"),
        replace(VIEW, profile="customer-b"),
    ):
        assert cache.load(other) is None


def test_a_long_list_keeps_its_top_rows_in_order_and_says_how_many_there_were(tmp_path: Path) -> None:
    cache = ListCache(tmp_path)
    images = [image(n) for n in range(CACHE_ROWS + 50)]
    cache.save(VIEW, images, AT)
    saved = cache.load(VIEW)
    assert saved is not None
    assert saved.total == CACHE_ROWS + 50
    assert [i.id for i in saved.images] == [i.id for i in images[:CACHE_ROWS]]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 99, "saved_at": "2026-11-27T06:00", "total": 1, "images": []}',
        b'{"format": 1, "saved_at": "2026-11-27T06:00", "total": 1, "images": [{"id": "a"}]}',
        b'{"format": 2, "key_id": "0f", "saved_at": "2026-11-27T06:00", "total": 1, "images": [{"id": "a"}]}',
        b'{"format": 2, "key_id": "KEY_ID", "saved_at": "yesterday", "total": 1, "images": [{"id": "a"}]}',
        b'{"format": 2, "key_id": "KEY_ID", "saved_at": "2026-11-27T06:00", "total": "1", "images": [{"id": "a"}]}',
        b'{"format": 2, "key_id": "KEY_ID", "saved_at": "2026-11-27T06:00", "total": 1, "images": [{"id": 5}, "x"]}',
    ],
    ids=[
        "empty", "garbage", "list", "other-format", "untied-format-1", "other-key",
        "bad-date", "bad-total", "no-usable-image",
    ],
)
def test_a_file_that_cannot_be_used_is_ignored(tmp_path: Path, content: bytes) -> None:
    cache = ListCache(tmp_path)
    cache.save(VIEW, [image(1)], AT)
    key_id = json.loads(cache.path(VIEW).read_text())["key_id"]
    cache.path(VIEW).write_bytes(content.replace(b"KEY_ID", key_id.encode()))
    assert cache.load(VIEW) is None


def test_odd_values_in_a_saved_image_are_dropped_not_trusted(tmp_path: Path) -> None:
    cache = ListCache(tmp_path)
    row = {"id": "s/f/t", "family": ["not", "text"], "tag": "t", "created_at": "garbled", "status": 3}
    cache.save(VIEW, [image(1)], AT)
    key_id = json.loads(cache.path(VIEW).read_text())["key_id"]
    data = {"format": 2, "key_id": key_id, "saved_at": AT.isoformat(), "total": 1, "images": [row]}
    cache.path(VIEW).write_text(json.dumps(data))
    saved = cache.load(VIEW)
    assert saved is not None
    assert saved.images == [CachedImage(id="s/f/t", tag="t")]


def test_saving_where_nothing_can_be_written_costs_nothing_but_the_next_quick_start(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ListCache(blocker / "lists")  # a directory cannot be made under a file
    cache.save(VIEW, [image(1)], AT)
    assert cache.load(VIEW) is None


def test_forgetting_removes_every_saved_list(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    cache.forget_all()
    assert cache.load(VIEW) is None
    assert not (tmp_path / "lists").exists()


@pytest.mark.parametrize("content", [b"", b"\xf2\x00", b"0f"], ids=["empty", "binary", "short"])
def test_a_damaged_secret_shows_nothing_and_the_next_save_makes_a_new_one(tmp_path: Path, content: bytes) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1)], AT)
    secret = next(p for p in cache.directory.iterdir() if p.suffix == ".secret")
    secret.write_bytes(content)
    assert cache.load(VIEW) is None
    cache.save(VIEW, [image(2)], AT)
    saved = cache.load(VIEW)
    assert saved is not None and [i.id for i in saved.images] == [image(2).id]


def test_a_saved_list_keeps_each_images_size(tmp_path: Path) -> None:
    cache = ListCache(tmp_path / "lists")
    cache.save(VIEW, [image(1, imageSize=10737418240), image(2)], AT)

    saved = cache.load(VIEW)

    assert saved is not None
    assert [i.image_size for i in saved.images] == [10737418240, None]
