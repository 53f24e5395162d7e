"""Charts drawn with matplotlib's object API (no pyplot state), shared by the app and the CLI.

Functions here draw on a ``Figure`` they are given, so the Qt canvas and a headless file export use
the same code. Nothing here imports Qt; matplotlib is imported only by the modules that draw.
"""
