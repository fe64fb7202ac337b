"""`images list --filter QUERY`: the app's `/` query language (core/query.py), matched by the same code."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..api.read_list import ReadList
from ..core.image_list_model import haystacks_of
from ..core.query import Query, QueryError, parse_query
from ..core.query_match import Environments, MatchContext, select_images
from ..core.usage_index import UsageIndexCache
from ..text.safe import clean
from .api_session import ApiSession, note
from .common import CommandError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..api.models import Image
    from ..core.usage_index import UsageIndex


def query_argument(text: str) -> Query | None:
    """An argparse type: a malformed query is a usage error (exit 2) saying what is wrong and where.

    A query of no terms is no filter (None).
    """
    try:
        query = parse_query(text)
    except QueryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return query if query.terms else None


async def filtered(session: ApiSession, images: ReadList[Image], query: Query | None) -> ReadList[Image]:
    """The images the query shows, in the server's order; all of them when there is no query.

    `used:` lists the environment's workloads once; when that fails, nothing is printed as used or unused.
    """
    if query is None:
        return images
    usage = None
    if "used" in query.fields:
        usage = await UsageIndexCache().index(session.client)
        if usage.error is not None:
            failure = session.failure(usage.error)
            raise CommandError(f"usage unknown, so used: cannot be answered: {failure.message}", failure.code)
    shown = matching(images, query, session.client.environment, usage)
    if not shown:
        where = clean(session.client.environment)
        note(f"none of the {len(images)} images in {where} matches the filter: {clean(str(query))}")
    return ReadList(shown, images.unreadable, images.reason)


def matching(
    images: Sequence[Image], query: Query, environment: Environments, usage: UsageIndex | None = None
) -> list[Image]:
    """The images `query` shows, in their order, at this moment; `environment` is every row's, or each row's own."""
    context = MatchContext(now=lambda: datetime.now(UTC), environment=environment, usage=usage)
    return select_images(images, query, context, haystacks_of(images))
