"""REST API of the registry: households, members and their yearly facts."""
