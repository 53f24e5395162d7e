"""Problems the command line reports as one line on stderr, with the exit code to use."""

from __future__ import annotations

EXIT_DATA = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem with the data or the files; ``str()`` is the line shown after "wallwatch: "."""

    exit_code = EXIT_DATA


class UsageError(CliError):
    """The command line itself is wrong (unknown option, bad value)."""

    exit_code = EXIT_USAGE
