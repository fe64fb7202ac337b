"""Where settings and secrets come from and are kept: the settings table, config files,
the key in the keyring, and safe file writes."""
