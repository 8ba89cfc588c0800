"""Finance: the fee ledger and cash handovers."""
