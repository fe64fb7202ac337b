"""`images list --all-environments`: every environment's images, with their environment; a failing one on stderr.

The images of the environments that answered are printed; each environment that failed is said on stderr,
and the exit code is the one that environment's failure gives alone (3 key refused, 5 server or network, …),
so a script sees that some are missing.
"""

from __future__ import annotations

import argparse
import sys

from ..api.models import ImageType
from ..core.everywhere import list_everywhere
from ..core.type_views import of_type
from ..text.image_formats import images_csv, images_json, images_table
from ..text.safe import clean
from .api_session import ApiSession, note
from .common import EXIT_OK, exit_code_for


async def list_every_environment(session: ApiSession, args: argparse.Namespace) -> int:
    found = await list_everywhere(session.client)
    images = [image for image in found.images if of_type(image, ImageType(args.type))]
    if found.unreadable:
        note(f"{found.unreadable} of the images could not be read, so they are left out ({clean(found.reason)}).")
    if args.output == "json":
        sys.stdout.write(images_json(images))
    elif args.output == "csv":
        sys.stdout.write(images_csv(images))
    elif images:
        sys.stdout.write(images_table(images))
    elif not found.failures:
        note(f"no {'' if args.type == 'all' else args.type + ' '}images in any environment.")
    for failure in found.failures:
        note(clean(failure.said))
    return exit_code_for(found.failures[0].error) if found.failures else EXIT_OK
