"""Service desk: callbacks after completion, late closes, complaints."""
