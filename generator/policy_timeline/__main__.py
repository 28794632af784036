"""`python -m generator` runs the command line."""

from .cli import main

main()
