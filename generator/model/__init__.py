"""The content model: what an innovation, a team and an office are (pydantic v2, extra=forbid)."""

from .common import share_fields_sets
from .idea import Idea
from .office import Office
from .places import Place, places
from .team import Team

KINDS = {"ideas": Idea, "teams": Team, "offices": Office}

__all__ = ["Idea", "Team", "Office", "Place", "places", "KINDS", "share_fields_sets"]
