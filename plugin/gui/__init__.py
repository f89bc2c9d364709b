"""Docks and dialogs; no analysis logic here."""
