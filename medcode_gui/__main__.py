"""`python -m medcode_gui` runs the command line."""

from .cli import main

main()
