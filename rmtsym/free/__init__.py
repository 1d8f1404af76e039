"""Layer 2: free additive and multiplicative convolution by resultant elimination."""

from .convolution import free_add, free_mul

__all__ = ["free_add", "free_mul"]
