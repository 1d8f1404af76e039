"""Compatibility: the names of the former single ``verify`` module (import from :mod:`rmtsym.verify`)."""

from . import *  # noqa: F401,F403
from . import __all__  # noqa: F401
from .model import ROUTES, _jsonable  # noqa: F401
