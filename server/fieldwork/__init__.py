"""Facts recorded on site: parts used, terminal and SIM swaps, photos, signatures, notes."""
