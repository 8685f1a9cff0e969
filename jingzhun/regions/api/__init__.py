"""REST API of the regions app: the statistical map, read-only."""
