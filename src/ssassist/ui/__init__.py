"""The Gradio app over ``Assistant``: ``build_app(assistant)`` and ``serve(assistant)``."""

from ssassist.ui.app import build_app, launch_kwargs, serve

__all__ = ["build_app", "launch_kwargs", "serve"]
