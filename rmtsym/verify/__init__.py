"""Layer 7: claims, checks, verdicts and tolerances.

:mod:`.model` — the claim model (:class:`Level`, :class:`Context`, :class:`Check`,
:class:`Claim`, :class:`Verdict`; no mathematics); one module per route of checks:
:mod:`.exact`, :mod:`.numeric`, :mod:`.certified` (with the SymPy → ball compiler
:mod:`.balls`), :mod:`.empirical` (with float densities, CDFs and KS statistics in
:mod:`.densities`); :mod:`.report` formats numbers for messages.
"""

from .model import *  # noqa: F401,F403
from .report import *  # noqa: F401,F403
from .exact import *  # noqa: F401,F403
from .numeric import *  # noqa: F401,F403
from .balls import *  # noqa: F401,F403
from .certified import *  # noqa: F401,F403
from .densities import *  # noqa: F401,F403
from .empirical import *  # noqa: F401,F403

from . import registry  # noqa: F401  (claim providers: rmtsym.verify.registry)
from . import model, report, exact, numeric, balls, certified, densities, empirical

__all__ = (model.__all__ + report.__all__ + exact.__all__ + numeric.__all__ + balls.__all__ + certified.__all__ + densities.__all__ + empirical.__all__)
