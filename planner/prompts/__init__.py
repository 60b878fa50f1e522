"""The prompt library, and the sources prompts are drawn from."""
