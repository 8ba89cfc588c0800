"""policy area."""
