"""The bundled scenario library: one YAML file per scenario."""
