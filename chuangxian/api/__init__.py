"""The REST API at /api/v1/: the same services as the views, scope-filtered."""
