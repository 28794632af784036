"""`python -m policy_timeline` runs the command line."""

from .cli import main

main()
