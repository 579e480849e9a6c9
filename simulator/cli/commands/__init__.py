"""The dojo subcommands, one module per area; each exports COMMANDS."""
