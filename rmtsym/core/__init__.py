"""Layer 0: errors, the exact kernel (python-flint), power series and the measure protocol.

Nothing in :mod:`rmtsym.core` imports another layer of rmtsym (``docs/architecture.md``).
"""
