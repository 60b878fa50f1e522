"""Protecting participants beyond redaction (issue 20): risk levels, retention, the person's
own data (subject access), preparation records and key rotation."""
