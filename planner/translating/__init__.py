"""Workshop content in several languages (issue 19, item 4): the side-by-side editor and its
operations; the pure rules are in ``planner.content_translations``."""
