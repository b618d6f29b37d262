"""The shared stylesheets, shipped inside the package as ``mkbook.styles``."""
