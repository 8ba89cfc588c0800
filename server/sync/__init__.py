"""Offline sync with the technician app: the mutation log, push, pull and the change feed."""
