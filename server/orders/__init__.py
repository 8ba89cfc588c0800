"""orders area."""
