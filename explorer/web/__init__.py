"""The Dash app: layout, thin callbacks and the app factory."""
