"""The command-line layer: options in, core calls, rendered results out."""
