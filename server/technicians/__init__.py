"""technicians area."""
