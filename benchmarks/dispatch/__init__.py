"""Field-dispatch scenarios: a seeded generator of realistic days, solved and compared."""
