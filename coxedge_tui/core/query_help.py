"""The query language in examples: the keys help (`?`), `images list --help` and the README say the same.

Never imports textual.
"""

from __future__ import annotations

EXAMPLES: tuple[tuple[str, str], ...] = (
    ("web", 'images with "web" in any column shown, or in the id (any case)'),
    ("web v2", "terms separated by blanks must all hold"),
    ('"my tag"', 'quotes hold blanks (also in values: family:"a b")'),
    ("!web", 'not containing "web": ! before any term negates it'),
    ("family:web", "family is web, whole, any case; family:web* starts with web"),
    ('tag:""', "images without a tag"),
    ("status:ready", "READY; also failed, pending, processing, unknown"),
    ("type:custom", "your custom images; type:default the provider's"),
    ("env:prod*", "in an environment whose name starts with prod"),
    ("used:no", "no workload runs it; used:yes some workload does"),
    ("age>30d", "created over 30 days ago; age<2h within 2 hours (also >=, <=)"),
)
UNITS_NOTE = "Age units: s, m (minutes), h, d, w, mo (30 days), y (365 days)."
