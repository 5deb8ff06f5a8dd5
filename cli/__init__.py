"""Subcommands of ``python main.py``: parse, call a stage, print text or JSON. Never Qt."""
