"""The audit log of who changed what."""
