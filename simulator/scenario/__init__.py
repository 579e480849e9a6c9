"""Scenarios: the data model, the schema and the loader that checks scenario files."""
