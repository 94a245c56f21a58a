"""Alembic migrations for the workshop store; `explorer.store.db.migrate` runs them programmatically."""
