"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
JSON messages ending in NUL on file descriptors 3 and 4), so a test can ask the browser what
a person sees — an element's laid-out width — with no driver library and no port."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one tab; `close()` ends it."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 900) -> None:
        assert CHROMIUM is not None
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()

        def onto_3_and_4() -> None:  # in the child: its ends where Chromium expects them
            high_in, high_out = os.dup(commands_read), os.dup(replies_write)  # free 3 and 4
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            preexec_fn=onto_3_and_4,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(replies_write)
        self.commands, self.replies = commands_write, replies_read
        self.pending = b""
        self.last_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]

    def call(self, method: str, params: dict[str, Any] | None = None, **scope: str) -> Any:
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params or {}, **scope}
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.pending:
                chunk = os.read(self.replies, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"chromium exited during {method}")
                self.pending += chunk
            raw, self.pending = self.pending.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            sessionId=self.session,
        )
        return result["result"].get("value")

    def open(self, url: str, timeout: float = 20) -> None:
        """Load `url` and wait until the page and its styles are loaded."""
        self.call("Page.navigate", {"url": url}, sessionId=self.session)
        deadline = time.monotonic() + timeout
        while (
            self.evaluate("document.readyState") != "complete"
            or self.evaluate("location.href") != url
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {timeout} s")
            time.sleep(0.05)

    def type(self, selector: str, text: str) -> None:
        """Focus the element and insert `text` as a keyboard would (input events fire)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text}, sessionId=self.session)

    def press_enter(self, timeout: float = 20) -> None:
        """Press Enter in the focused element and wait for the page it leads to (a form's
        submission) to load."""
        before = self.evaluate("location.href")
        for kind in ("keyDown", "keyUp"):
            key = {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
            self.call(
                "Input.dispatchKeyEvent",
                {**key, "text": "\r"} if kind == "keyDown" else key,
                sessionId=self.session,
            )
        self.wait_to_leave(before, timeout)

    def wait_to_leave(self, before: str, timeout: float = 20) -> None:
        """Wait until the tab has left `before` and loaded the next page."""
        deadline = time.monotonic() + timeout
        while (
            self.evaluate("location.href") == before
            or self.evaluate("document.readyState") != "complete"
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still on {before} after {timeout} s")
            time.sleep(0.05)

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"}, sessionId=self.session)
        path.write_bytes(base64.b64decode(data["data"]))

    def close(self) -> None:
        os.close(self.commands)
        os.close(self.replies)
        self.process.kill()
        self.process.wait(timeout=10)
