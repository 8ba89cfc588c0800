"""Solomon VRPTW benchmark: the project's solver against PyVRP and pyvroom."""
