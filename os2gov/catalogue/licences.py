"""SPDX licence identifiers a product may carry.

The list holds the identifiers of the licences the OSI approves and that public-sector
software commonly uses; the full SPDX list is longer, but a product in OS2's catalogue
must be open source, so an identifier outside this list is most likely a typo.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SPDX_LICENCES: frozenset[str] = frozenset(
    {
        "0BSD",
        "AFL-3.0",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Apache-2.0",
        "Artistic-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "BSL-1.0",
        "CC0-1.0",
        "CDDL-1.0",
        "CECILL-2.1",
        "ECL-2.0",
        "EPL-1.0",
        "EPL-2.0",
        "EUPL-1.1",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "ISC",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "MIT-0",
        "MPL-1.1",
        "MPL-2.0",
        "MPL-2.0-no-copyleft-exception",
        "MS-PL",
        "MS-RL",
        "OSL-3.0",
        "PostgreSQL",
        "Python-2.0",
        "UPL-1.0",
        "Unlicense",
        "W3C",
        "Zlib",
    }
)


def validate_spdx_licence(value: str) -> None:
    if value and value not in SPDX_LICENCES:
        raise ValidationError(
            _("%(value)s is not a known SPDX identifier of an open-source licence."),
            params={"value": value},
            code="unknown_licence",
        )
