"""``wallwatch`` and ``python -m wallwatch``: a command runs the CLI, no command opens the app.

Kept import-light (standard library only at import time): it is on the app's start-up path.
"""

from __future__ import annotations

import sys

# Global options that take a value, so the value is not mistaken for a command name.
_VALUE_OPTIONS = ("--data-dir",)
_CLI_ONLY_OPTIONS = ("-h", "--help", "--version")


def wants_cli(argv: list[str]) -> bool:
    """True when ``argv`` names a command (or asks for help/version) before any app option."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
            continue
        if token in _CLI_ONLY_OPTIONS:
            return True
        if token in _VALUE_OPTIONS:
            skip_next = True
            continue
        if token == "--":
            return False
        if token.startswith("-") and not token.startswith("--") and len(token) > 2:
            skip_next = True  # a Qt option such as ``-platform offscreen`` takes a value
            continue
        if not token.startswith("-"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if wants_cli(args):
        from wallwatch.cli import main as cli_main

        return cli_main(args)
    from wallwatch.app import main as app_main

    code = app_main(args)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
