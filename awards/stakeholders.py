"""Stakeholder types of the WSIS process (shared by accounts and entries)."""

import enum

from flask_babel import lazy_gettext as _l


class StakeholderType(enum.StrEnum):
    """The kinds of entity that take part in the WSIS process."""

    GOVERNMENT = "government"
    PRIVATE_SECTOR = "private_sector"
    CIVIL_SOCIETY = "civil_society"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    ACADEMIA = "academia"
    OTHER = "other"


STAKEHOLDER_LABELS = {
    StakeholderType.GOVERNMENT: _l("Government"),
    StakeholderType.PRIVATE_SECTOR: _l("Private Sector"),
    StakeholderType.CIVIL_SOCIETY: _l("Civil Society"),
    StakeholderType.INTERNATIONAL_ORGANIZATION: _l("International Organization"),
    StakeholderType.ACADEMIA: _l("Academia"),
    StakeholderType.OTHER: _l("Other"),
}
