"""Policy assistant over the WeProtect Global Alliance 2024 Global Summit Call to Action."""

__version__ = "0.1.0"
