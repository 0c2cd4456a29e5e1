"""Start the ssassist app: ``python app.py [--host HOST] [--port PORT]``.

Settings come from SSASSIST_* variables (see README); the same as ``ssassist serve``.
"""

import sys

from ssassist.cli import main

if __name__ == "__main__":
    sys.exit(main(["--verbose", "serve", *sys.argv[1:]]))
