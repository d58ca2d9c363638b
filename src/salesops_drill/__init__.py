"""salesops-drill: practice for sales-operations job interviews in the terminal."""

__version__ = "0.1.0"
