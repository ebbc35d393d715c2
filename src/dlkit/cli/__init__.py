"""The ``dlkit`` command line: one thin typer module per subcommand; ``main.py`` registers them."""
