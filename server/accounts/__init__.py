"""Accounts: users, roles, log in, bearer tokens."""
