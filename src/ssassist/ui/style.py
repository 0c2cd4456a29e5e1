"""The app's CSS and theme (system fonts only: nothing is fetched from the network)."""

from __future__ import annotations

import gradio as gr

THUMB_UP = (
    "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 "
    "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23"
    ".14-.47.14-.73v-2z"
)
THUMB_DOWN = (
    "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 "
    "4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 "
    "0v12h4V3h-4z"
)
"""Material thumb icons (SVG paths): the feedback buttons show them, no emoji font needed."""


def _icon(elem_id: str, path: str) -> str:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='{path}'/></svg>"
    return f'#{elem_id} {{ --ss-icon: url("data:image/svg+xml;utf8,{svg}"); }}'


CSS = (
    """
.ss-coverage { overflow-x: auto; }
.ss-banner { background: #fff4e5; color: #663c00; border: 1px solid #ffb74d; border-radius: 8px;
  padding: 10px 14px; font-size: 0.95rem; }
.ss-banner code { background: rgba(0,0,0,0.06); padding: 1px 4px; border-radius: 4px; }
.ss-badges { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
.ss-badge { font-size: 0.78rem; padding: 2px 8px; border-radius: 999px;
  border: 1px solid var(--border-color-primary); color: var(--body-text-color-subdued); }
.ss-route-coverage { background: #e3f2fd; color: #0d47a1; border-color: #90caf9;
  font-weight: 600; }
.ss-route-rag { background: #e0f2f1; color: #00695c; border-color: #80cbc4; }
.ss-route-refusal { background: #fff8e1; color: #6d4c00; border-color: #ffe082; }
.ss-verdict { font-size: 0.8rem; font-weight: 700; padding: 2px 10px; border-radius: 999px;
  color: white;
  white-space: nowrap; }
.ss-v-covered { background: #2e7d32; }
.ss-v-not_covered { background: #c62828; }
.ss-v-unknown { background: #b26a00; }
.ss-v-no_data { background: #78909c; }
.ss-v-access { background: #00695c; }
.ss-body p { margin: 0 0 0.6em 0; }
.ss-body ul { margin: 0 0 0.6em 1.2em; }
.ss-ref { font-weight: 600; color: var(--color-accent); }
.ss-notice { color: var(--body-text-color-subdued); }
.ss-sources { margin-top: 8px; border-top: 1px solid var(--border-color-primary);
  padding-top: 6px; }
.ss-sources-h { font-size: 0.8rem; font-weight: 600; color: var(--body-text-color);
  margin-bottom: 4px; }
.ss-cite { margin: 3px 0; }
.ss-cite summary { cursor: pointer; font-size: 0.9rem; }
.ss-cite-doc, .ss-cite-sec { font-size: 0.8rem; color: var(--body-text-color-subdued);
  margin: 4px 0 0 1em; }
.ss-cite blockquote { margin: 4px 0 6px 1em; padding: 4px 10px;
  border-left: 3px solid var(--color-accent);
  background: var(--background-fill-secondary); font-size: 0.88rem; white-space: normal; }
.ss-pending { color: var(--body-text-color-subdued); display: flex; align-items: center;
  gap: 8px; }
.ss-spinner { width: 14px; height: 14px; border: 2px solid var(--border-color-primary);
  border-top-color: var(--color-accent); border-radius: 50%; display: inline-block;
  animation: ss-spin 0.8s linear infinite; }
@keyframes ss-spin { to { transform: rotate(360deg); } }
.ss-error { color: #b71c1c; }
.ss-table { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 4px 0 10px 0; }
.ss-table th, .ss-table td { border: 1px solid var(--border-color-primary); padding: 4px 6px;
  text-align: left; vertical-align: top; }
.ss-table th { background: var(--background-fill-secondary); }
.ss-num { text-align: right; font-variant-numeric: tabular-nums; }
.ss-kv th { width: 35%; }
.ss-verdict-box { padding: 10px 12px; border: 1px solid var(--border-color-primary);
  border-radius: 8px;
  margin-bottom: 10px; background: var(--background-fill-secondary); }
.ss-verdict-box .ss-verdict { font-size: 1rem; }
.ss-verdict-label { font-weight: 600; }
.ss-verdict-text { margin: 8px 0 0 0; }
.ss-selected { font-size: 0.9rem; }
.ss-thanks { color: #2e7d32; }
#ss-matrix table *, #ss-documents table * { font-family: var(--font) !important; }
#ss-up::before, #ss-down::before { content: ""; display: inline-block; width: 16px;
  height: 16px;
  margin-right: 6px; vertical-align: -3px; background-color: currentColor;
  -webkit-mask: var(--ss-icon) no-repeat center / contain;
  mask: var(--ss-icon) no-repeat center / contain; }
"""
    + _icon("ss-up", THUMB_UP)
    + "\n"
    + _icon("ss-down", THUMB_DOWN)
)


def theme() -> gr.themes.Base:
    """The default theme with system fonts (the stock one loads web fonts from the internet)."""
    return gr.themes.Default(
        primary_hue="teal",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    )
