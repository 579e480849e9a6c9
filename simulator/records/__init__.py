"""The records: the sessions store, reports, exports, the LRS and the HR Datasette."""
