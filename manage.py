#!/usr/bin/env python
"""Kept for habit; ``os2gov`` is the same command and works from any directory."""

from os2gov.cli import main

if __name__ == "__main__":
    main()
