"""PyInstaller entry point of the `medcode` executable (the command line; never imports Qt)."""

from medcode_gui.cli import main

if __name__ == "__main__":
    main()
