"""Signing in and out, accounts and their sessions."""
