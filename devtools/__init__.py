"""Developer-only code (sample generators): in the repository, never in the plugin's zip.

Import it as ``sahel_overlap.devtools`` (scripts/headless.py makes the checkout
importable under that name).
"""
