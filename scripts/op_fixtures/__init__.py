"""Op families of the OpInfo fixture generator; one module per family."""
