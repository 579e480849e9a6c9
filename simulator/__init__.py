"""Objection Dojo: the session engine, the records store, the command line and the app."""
