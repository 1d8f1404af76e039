"""Layer 1: the named laws (semicircle, Marchenko–Pastur, atoms, free Poisson, Fuss–Catalan)."""

from .named import atoms, free_poisson, fuss_catalan, marchenko_pastur, point_mass, semicircle

__all__ = ["semicircle", "marchenko_pastur", "atoms", "point_mass", "free_poisson", "fuss_catalan"]
