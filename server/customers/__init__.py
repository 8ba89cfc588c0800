"""customers area."""
