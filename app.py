"""Start the ssassist chat app: ``python app.py`` (settings from SSASSIST_* variables)."""

import logging

from ssassist.assistant import Assistant
from ssassist.ui import serve

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    serve(Assistant())
