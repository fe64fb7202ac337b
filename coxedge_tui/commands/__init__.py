"""The `coxedge-tui <command>` subcommands: each module adds its parsers and handlers."""
