"""Scenarios of the semantics fixture generator; one module per topic."""
