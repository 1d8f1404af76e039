"""The registry of samplers: name -> sampler function.

A claim or a model refers to its sampler by *name* (a string pickles; a
worker process of :func:`rmtsym.sampling.sample_spectra` looks the name up
again).  Built-in ensembles are registered by :mod:`rmtsym.sampling.ensembles`;
a model's sampler lives in its own module ``rmtsym/sampling/<model>.py`` and is
listed in :data:`LAZY` as ``"module:function"``, imported on first use so that
``import rmtsym.sampling`` stays cheap.

A sampler is a module-level function ``sampler(n, rng, **params)`` that draws
one matrix with the :class:`numpy.random.Generator` ``rng`` and returns its
eigenvalues sorted (a 1-d float array, of length ``n`` unless the sampler
documents another size, e.g. ``2 n**2`` for the Hessian of a width-n network),
or — for the samplers of scalar observables (``matrix_product``, ``spin_glass``,
…) — ``n`` independent samples of that observable.

Examples
--------
>>> from rmtsym.sampling import SAMPLERS
>>> "wigner" in SAMPLERS and callable(SAMPLERS["wigner"])
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..core.errors import RmtsymError

__all__ = ["SamplerRegistry", "SAMPLERS", "LAZY", "register_sampler"]

#: Samplers of the models, imported on first use: name -> "module:function".
#: One line per sampler; keep the names sorted.
LAZY = {
    "fisher_network": "rmtsym.sampling.fisher:fisher_network",
    "gd_hessian": "rmtsym.sampling.gd:gd_hessian",
    "gram": "rmtsym.sampling.gram:gram_network",
    "hessian_pb17": "rmtsym.sampling.hessian:hessian_pb17",
    "matrix_product": "rmtsym.sampling.products:matrix_product",
    "relu_jacobian_norm": "rmtsym.sampling.products:relu_jacobian_norm",
    "relu_network_paths": "rmtsym.sampling.spin_glass:relu_network_paths",
    "spin_glass": "rmtsym.sampling.spin_glass:spin_glass_values",
    "bai_yin": "rmtsym.sampling.ultrawide:bai_yin",
    "pastur_jacobian": "rmtsym.sampling.pastur:pastur_jacobian",
    "pastur_mask": "rmtsym.sampling.pastur:pastur_mask",
    "ultrawide": "rmtsym.sampling.ultrawide:ultrawide_kernel",
}


class SamplerRegistry(Mapping[str, Callable[..., Any]]):
    """A read-only mapping name -> sampler that imports lazy entries on access."""

    def __init__(self, eager: Mapping[str, Callable[..., Any]] | None = None,
                 lazy: Mapping[str, str] | None = None) -> None:
        self._eager = dict(eager or {})
        self._lazy = dict(lazy or {})

    def register(self, name: str, fn: Callable[..., Any] | str) -> None:
        """Register ``fn`` under ``name`` (a callable or a ``"module:function"`` string)."""
        if not isinstance(name, str) or not name:
            raise RmtsymError(f"sampler name must be a non-empty string, got {name!r}")
        if isinstance(fn, str):
            self._lazy[name] = fn
            self._eager.pop(name, None)
        elif callable(fn):
            self._eager[name] = fn
        else:
            raise RmtsymError(f"sampler {name!r} must be callable or 'module:function', got {fn!r}")

    def __getitem__(self, name: str) -> Callable[..., Any]:
        if name in self._eager:
            return self._eager[name]
        if name in self._lazy:
            module, _, attr = self._lazy[name].partition(":")
            fn = getattr(importlib.import_module(module), attr)
            self._eager[name] = fn
            return fn
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(self._eager) | set(self._lazy)))

    def __len__(self) -> int:
        return len(set(self._eager) | set(self._lazy))

    def __contains__(self, name: object) -> bool:
        return name in self._eager or name in self._lazy


#: name -> sampler (see the module docstring).
SAMPLERS = SamplerRegistry(lazy=LAZY)


def register_sampler(name: str, fn: Callable[..., Any] | str) -> None:
    """Register a sampler under ``name`` in :data:`SAMPLERS` (see the module docstring)."""
    SAMPLERS.register(name, fn)
