"""Fixtures of the protection tests: an empty database per backend, for the migrations."""

from tests.db.conftest import empty_app  # noqa: F401 - used by the migration tests
