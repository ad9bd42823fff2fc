"""The value-sharing model: pure functions and small data classes, no display code.

- :mod:`~aicollab.model.games`: cooperative games: Shapley, weighted Shapley, Nash bargaining,
  proportional and equal splits, the core.
- :mod:`~aicollab.model.partnership`: the kit's partnership model (who supplies which resource;
  what each group could make alone) and :func:`~aicollab.model.partnership.allocate`.
- :mod:`~aicollab.model.rules`: the registry of sharing rules and every name each goes by.
- :mod:`~aicollab.model.deals`: a share written as deal terms a clinician recognises.
- :mod:`~aicollab.model.scenarios`: illustrative presets (invented partnerships, not data).
- :mod:`~aicollab.model.validation`: the number checks every model function applies.

Lessons import from here: ``from aicollab.model import Partnership, shapley, allocate``.
"""

from .deals import *  # noqa: F401,F403
from .deals import __all__ as _deals_all
from .games import *  # noqa: F401,F403
from .games import __all__ as _games_all
from .partnership import *  # noqa: F401,F403
from .partnership import __all__ as _partnership_all
from .rules import *  # noqa: F401,F403
from .rules import __all__ as _rules_all
from .scenarios import *  # noqa: F401,F403
from .scenarios import __all__ as _scenarios_all

__all__ = [*_games_all, *_partnership_all, *_rules_all, *_deals_all, *_scenarios_all]
