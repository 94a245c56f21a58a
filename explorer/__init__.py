"""System Map Explorer: service-system maps from Powell et al. (2025), explored in a Dash app."""

__version__ = "0.1.0"
