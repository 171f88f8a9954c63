"""lipkit: evaluate and steer a local integration plan."""

__version__ = "0.1.0"
