"""The daily digest email: build (what), render (how it looks), send (SMTP), in that order."""
