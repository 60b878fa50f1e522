"""Workshops: the list, the workshop page, creating and editing."""
