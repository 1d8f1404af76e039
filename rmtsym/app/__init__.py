"""Layer 9: the ``rmtsym`` command (parser of measure expressions, claim runner, CLI)."""
