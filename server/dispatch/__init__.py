"""Dispatch: plan the day with the optimiser, commit it, adjust it by hand."""
