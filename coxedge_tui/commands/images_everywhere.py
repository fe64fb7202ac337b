"""`images list --all-environments`: every environment's images, with their environment; a failing one on stderr.

The images of the environments that answered are printed; each environment that failed is said on stderr,
and the exit code is the one that environment's failure gives alone (3 key refused, 5 server or network, …),
so a script sees that some are missing.
"""

from __future__ import annotations

import argparse

from ..api.models import Image, ImageType
from ..core.everywhere import list_everywhere
from ..core.image_list_model import environment_of
from ..core.type_views import of_type
from ..core.usage_index import EVERYWHERE_USAGE
from ..text.safe import clean
from .api_session import ApiSession, note
from .common import EXIT_OK, EXIT_USAGE, CommandError, exit_code_for
from .image_output import write_images
from .images_filter import matching


async def list_every_environment(session: ApiSession, args: argparse.Namespace) -> int:
    query = getattr(args, "filter", None)
    if query is not None and "used" in query.fields:
        raise CommandError(f"--filter: used: is not answered with --all-environments: {EVERYWHERE_USAGE}.", EXIT_USAGE)
    found = await list_everywhere(session.client)
    images: list[Image] = [image for image in found.images if of_type(image, ImageType(args.type))]
    if found.unreadable:
        note(f"{found.unreadable} of the images could not be read, so they are left out ({clean(found.reason)}).")
    if query is not None:
        images = matching(images, query, environment_of)  # `env:` reads each row's own environment
    code = EXIT_OK
    if images or args.output != "table":
        code = await write_images(session, args, images)
    elif not found.failures:
        kind = "" if args.type == "all" else args.type + " "
        note(f"no {kind}images {'match the filter' if query else 'in any environment'}.")
    for failure in found.failures:
        note(clean(failure.said))
    return exit_code_for(found.failures[0].error) if found.failures else code
