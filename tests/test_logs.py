"""What reaches stderr at each verbosity."""

from __future__ import annotations

import logging

from aggregator import logs


def test_library_warnings_show_only_with_verbose() -> None:
    """trafilatura's own "discarding data: URL" warnings repeat what the pass summary says;
    they are for -v, while our own warnings always show."""
    try:
        logs.configure(0)
        assert not logging.getLogger("trafilatura.core").isEnabledFor(logging.WARNING)
        assert logging.getLogger("aggregator.pipeline").isEnabledFor(logging.WARNING)
        logs.configure(1)
        assert logging.getLogger("trafilatura.core").isEnabledFor(logging.WARNING)
        logs.configure(3)
        assert logging.getLogger("trafilatura.core").isEnabledFor(logging.DEBUG)
    finally:
        logs.configure(0)
