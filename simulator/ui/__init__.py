"""The Textual app: its screens and widgets, and serving it in a browser."""
