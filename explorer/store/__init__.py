"""Workshop storage: notes, votes, saved views and presentations, through SQLAlchemy 2.x.

SQLite (WAL) in a folder by default, PostgreSQL when DATABASE_URL is set; alembic migrates the schema to
head when an engine is first made. Every write takes an `Actor` and refuses viewers (`ReadOnlyError`).
"""
