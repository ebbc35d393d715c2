"""Jobs: what each subcommand does, composed from config, data, models and the engine."""
