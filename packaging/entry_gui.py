"""PyInstaller entry point of the `medcode-gui` executable (the window)."""

import sys

from medcode_gui.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
