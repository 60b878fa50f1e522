"""Tests of issue 16: prompts from any real article (extraction, correction, quotes, questions, tagging, neutrality, corpus)."""
