"""Subcommands of the `simulator` command line: each module has HELP, add_arguments and run."""
