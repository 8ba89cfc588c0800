"""parts area."""
