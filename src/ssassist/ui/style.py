"""The app's CSS, page script and theme (system fonts only: nothing is fetched from the network).

The page is laid out for a phone first: below 640 px the heat map gives way to a list, tables
stack their rows as cards, and an empty conversation leaves room for the question box.
"""

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


HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container .main.app { padding-left: 10px !important; padding-right: 10px !important; }
}
</style>"""
"""Page-level CSS Gradio's ``css`` cannot reach (it scopes rules in media queries to the app's
content): a phone's page margins."""


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
.ss-v-unknown { background: #8a5300; }
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
.ss-pending::before, .ss-warming::before { content: ""; flex: none; width: 14px; height: 14px;
  border-width: 2px; border-style: solid; border-color: #c5ced6; border-top-color: #0f766e;
  border-radius: 50%; display: inline-block; animation: ss-spin 0.8s linear infinite; }
/* (longhands: Gradio re-serialises this CSS, and a 'border' shorthand with var() is lost) */
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
/* header: the title and the three tabs in view at load, on a phone too */
#ss-title h1 { font-size: 1.55rem; line-height: 1.25; margin: 0 0 6px 0; }
#ss-title p { margin: 0; }
#ss-tabs button[role="tab"] { font-size: 1rem; }
.ss-warming { display: flex; gap: 10px; align-items: center; padding: 8px 12px;
  border: 1px solid #90caf9; border-radius: 8px; background: #e3f2fd; color: #0d47a1; }
/* the conversation: answer first, in full contrast (Gradio dims chat text to 0.8) */
#ss-chat .prose.chatbot.md { opacity: 1 !important; }
.ss-h h2, h2.ss-h { font-size: 1.15rem !important; margin: 10px 0 6px 0 !important; }
#ss-chat .ss-badges { margin-top: 2px; }
#ss-chat .bot-row:has(.ss-pending) + .message-buttons-left,
#ss-chat .bot-row:has(.ss-error) + .message-buttons-left { display: none; } /* no thumbs
  before an answer exists */
#ss-chat .placeholder-content { padding: 0 16px; color: var(--body-text-color-subdued); }
#ss-chat .top-panel { display: none; } /* its trash icon covered messages; the app has a
  "New conversation" button */
.ss-feedback-h { padding: 4px 10px; }
#ss-feedback-row { align-items: center; }
#ss-comment textarea { padding: 8px 10px; }
.ss-hint { color: var(--body-text-color-subdued); font-weight: normal; }
#ss-feedback-status:empty, #ss-feedback-status .prose:empty { display: none; }
#ss-feedback-status span { display: inline-block; padding: 0 10px 6px 10px; }
/* keyboard focus always visible */
button:focus-visible, summary:focus-visible, a:focus-visible, input:focus-visible,
textarea:focus-visible, [role="tab"]:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid #0b57d0 !important; outline-offset: 2px; }
/* sources: documents as cards, the matrix in the page's font */
.ss-docs { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); }
.ss-doc { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
  margin: 0 !important; }
.ss-doc-head { font-size: 1rem; }
.ss-doc-kind { font-size: 0.8rem; padding: 1px 8px; border-radius: 999px; margin-left: 4px;
  border: 1px solid var(--border-color-primary); white-space: nowrap; }
.ss-doc dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px;
  margin: 6px 0 0 0; font-size: 0.9rem; }
.ss-doc dt { color: var(--body-text-color-subdued); margin: 0; }
.ss-doc dd { margin: 0; }
#ss-matrix, #ss-documents, .ss-table { font-family: var(--font); }
.ss-matrix-table td.ss-source { background: var(--background-fill-secondary); min-width: 16em; }
.ss-matrix-table blockquote { margin: 4px 0 0 0; font-size: 0.85rem; }
.ss-matrix-table th { white-space: nowrap; }
/* a phone */
@media (max-width: 640px) {
  #ss-chat .message-wrap { padding: 6px !important; }
  #ss-chat .message-row { margin-left: 0 !important; margin-right: 0 !important;
    padding-left: 0 !important; padding-right: 0 !important; max-width: 100% !important; }
  #ss-chat .message { max-width: 100% !important; }
  #ss-ask-row { flex-direction: column; align-items: stretch !important; }
  #ss-ask-row > * { width: 100%; }
  #ss-ask-buttons { flex-direction: row; }
  #ss-title h1 { font-size: 1.2rem; }
  #ss-title p { font-size: 0.88rem; }
  #ss-chat:not(:has(.message-row)) { height: 180px !important; min-height: 0 !important; }
  #ss-map, #ss-map-view { display: none !important; }
  table.ss-stack, table.ss-stack tbody, table.ss-stack tr, table.ss-stack td {
    display: block; width: 100%; box-sizing: border-box; }
  table.ss-stack tr:has(th) { display: none; }
  table.ss-stack tr { border: 1px solid var(--border-color-primary); border-radius: 8px;
    margin-bottom: 8px; padding: 6px 8px; }
  table.ss-stack td { border: none; padding: 2px 0; }
  table.ss-stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  table.ss-stack td.ss-empty { display: none; }
  table.ss-stack { border: none; }
  table.ss-stack td.ss-c-what, table.ss-stack td.ss-c-kind { font-size: 0.8rem;
    color: var(--body-text-color-subdued); }
  table.ss-stack td.ss-c-name { font-weight: 600; }
  table.ss-stack td.ss-c-benefit, table.ss-stack td.ss-c-verdict { display: inline-block;
    width: auto; font-weight: 600; margin-right: 6px; }
  table.ss-stack td.ss-c-what::before, table.ss-stack td.ss-c-name::before,
  table.ss-stack td.ss-c-kind::before, table.ss-stack td.ss-c-benefit::before,
  table.ss-stack td.ss-c-verdict::before { content: none; }
  .ss-coverage { overflow-x: visible; }
}
@media (min-width: 641px) { #ss-partners { display: none !important; } }
.ss-partners { list-style: none; padding: 0; margin: 0; }
.ss-partners li { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 6px 10px; margin: 0 0 6px 0; }
.ss-partners li.ss-picked { border-width: 2px; border-color: var(--body-text-color); }
.ss-partners .ss-verdict { font-size: 0.75rem; margin-right: 4px; }
.ss-partner-line { display: block; margin: 3px 0 0 0; font-size: 0.9rem; }
.ss-by-benefit > summary { cursor: pointer; font-weight: 600; margin: 10px 0 6px 0; }
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


PAGE_JS = """
() => {
  if (window.__ssassist) return;
  window.__ssassist = true;
  const $ = (sel, root) => (root || document).querySelector(sel);
  let answers = 0, pending = 0, verdict = null, focused = false;
  // a new answer: its first line (and the question just above it) in view, whatever its
  // length; the chat's own scroll to the bottom is off
  function showAnswer(node) {
    const wrap = $('#ss-chat .bubble-wrap');
    const row = node.closest('.message-row') || node;
    if (!wrap) return;
    let ask = row.previousElementSibling;
    while (ask && !(ask.classList && ask.classList.contains('user-row'))) {
      ask = ask.previousElementSibling;
    }
    const top = (el) => el.getBoundingClientRect().top - wrap.getBoundingClientRect().top
      + wrap.scrollTop;
    let target = top(row) - 8;
    if (ask && top(row) - top(ask) < wrap.clientHeight / 3) target = top(ask) - 8;
    wrap.scrollTop = Math.max(0, target);
    const r = row.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight - 120) {
      const chat = $('#ss-chat').getBoundingClientRect();
      window.scrollBy({ top: chat.top - 8, behavior: 'instant' });
    }
  }
  function check() {
    const chat = $('#ss-chat');
    if (chat) {
      const done = chat.querySelectorAll('.ss-answer, .ss-error');
      if (done.length > answers) {
        const last = done[done.length - 1];
        showAnswer(last);
        setTimeout(() => showAnswer(last), 250);
      }
      answers = done.length;
      const waits = chat.querySelectorAll('.ss-pending').length;
      if (waits > pending) {
        const wrap = $('#ss-chat .bubble-wrap');
        if (wrap) wrap.scrollTop = wrap.scrollHeight;
      }
      pending = waits;
      // the messages are read as text: no raw markup in their accessible names
      chat.querySelectorAll('[data-testid="bot"][aria-label], [data-testid="user"][aria-label]')
        .forEach((el) => el.removeAttribute('aria-label'));
    }
    // a coverage verdict: at the top of the window when it would be out of view
    const box = $('#ss-coverage-result .ss-verdict-box');
    if (box && box !== verdict && box.offsetParent !== null) {
      verdict = box;
      const r = box.getBoundingClientRect();
      if (r.top < 0 || r.top > window.innerHeight * 0.5) {
        window.scrollBy({ top: r.top - 8, behavior: 'instant' });
      }
    }
    // the question box takes the focus on a wide screen, without scrolling the page; on a
    // phone it does not (the keyboard would cover the title and the tabs)
    const question = $('#ss-question textarea');
    if (question && !focused) {
      focused = true;
      if (window.innerWidth >= 800 && window.scrollY === 0) question.focus({ preventScroll: true });
    }
  }
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; check(); });
  }).observe(document.body, { subtree: true, childList: true, attributes: true,
    attributeFilter: ['aria-label'] });
  check();
}
"""
"""Runs once in the page: scrolls a new answer to its first line, a coverage verdict into view,
focuses the question box on wide screens (never scrolling the page at load), and drops the
raw-markup accessible names Gradio gives chat messages (the text is read instead)."""


def theme() -> gr.themes.Base:
    """The default theme with system fonts (the stock one loads web fonts from the internet)."""
    return gr.themes.Default(
        primary_hue="teal",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    ).set(
        # white on teal-700 and dark text on the accent: contrast of at least 4.5:1 (WCAG AA)
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        color_accent="*primary_700",
        color_accent_soft="*primary_50",
        body_text_color_subdued="*neutral_600",
        block_label_text_color="*neutral_700",
        block_info_text_color="*neutral_600",
        input_placeholder_color="*neutral_500",
    )
