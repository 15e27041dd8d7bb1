"""Errors raised by policykg.

The library raises, only ``cli.py`` prints::

    PolicyKGError                 base of everything policykg raises on purpose
    ├── InputError                a path that does not exist, a folder with no documents
    └── DecodeError               bytes that are not a text document (empty, binary, ...)

Every message names the file and quotes the bad input.
"""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class of the errors policykg raises on purpose."""


class InputError(PolicyKGError):
    """A path given by the user cannot be used."""


class DecodeError(PolicyKGError):
    """A file's bytes cannot be read as a text document."""
