"""Reports: the figures people ask for, as JSON, CSV and SVG charts."""
