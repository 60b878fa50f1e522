"""Participant."""
