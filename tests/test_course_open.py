"""`python3 course.py open`, as a learner runs it: it serves the course map, says only where, and stops cleanly.

The command is started in a subprocess (its own process group, no display, so no browser is
tried), the test waits for the printed address, fetches it and /api/status, checks that
nothing but course.py's own few lines was printed (JupyterLab's log goes to a file), then stops
it by its process id (SIGINT, as Ctrl+C does, or SIGTERM) and checks that the port is free again.
When the tests run as root, the same is done as an unprivileged user (uid 65534, via setpriv) on
this same checkout, which that user can read but not write: once with a fresh HOME of its own,
once with HOME unwritable (/nonexistent, as the 'nobody' account has). Those runs are skipped,
with the reason printed, only when the tests do not run as root (the first test already ran as an
ordinary user), when setpriv is missing, or when no other user can reach the checkout.
"""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import course  # noqa: E402

UNPRIVILEGED = 65534  # 'nobody' on Debian
START_TIMEOUT = 240   # seconds until the address is printed (includes an install if one is due)
ADDRESS = re.compile(r"^The course is open at (http://127\.0\.0\.1:(\d+)/lab/tree/notebooks/00_start_here\.ipynb\?token=(\w+))$")
# every line `open` may print; anything else (a server log line, a pip message) is noise
ALLOWED = [re.compile(p) for p in (
    r"Installing requirements(-dev)?\.txt into \.venv/ \(about a minute the first time\) \.\.\.",
    ADDRESS.pattern,
    r"No browser could be started here \(headless machine or SSH\): open the address above in your browser\.",
    r"Over SSH, forward the port first, on your own computer: ssh -L (\d+):127\.0\.0\.1:\1 USER@THIS-MACHINE "
    r"\(then open the address there\)\.",
    r"Press Ctrl\+C to stop the course's server\.",
    r"Stopped the course's server\.",
    r"",
)]


def _skip(reason: str):
    print(f"\nSKIPPED: {reason}")
    pytest.skip(reason)


def python_for(prefix: list[str], env: dict) -> str:
    """A Python >= 3.11 that the user of ``prefix`` can run, as they would type `python3`."""
    for candidate in (shutil.which("python3", path=env.get("PATH")), "/usr/bin/python3", sys.executable):
        if not candidate:
            continue
        probe = subprocess.run([*prefix, candidate, "-c", "import sys; assert sys.version_info >= (3, 11)"],
                               env=env, cwd="/", capture_output=True)
        if probe.returncode == 0:
            return candidate
    pytest.fail(f"no Python >= 3.11 that {prefix or 'this user'} can run")


def get(url: str, token: str | None = None, method: str = "GET") -> tuple[int, bytes]:
    headers = {"Authorization": f"token {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method), timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def run_in_kernel(port: int, token: str, kernel: str, code: str, timeout: float = 90) -> str:
    """Run ``code`` in a kernel of the server over its websocket (as JupyterLab does); returns what it printed."""
    import websocket  # websocket-client, pinned in constraints.txt (jupyter_server needs it)
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}",
                                     timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        printed, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "stream":
                printed.append(message["content"]["text"])
            elif kind == "error":
                pytest.fail(f"the kernel raised {message['content']['ename']}: {message['content']['evalue']}")
            elif kind == "execute_reply":
                assert message["content"]["status"] == "ok", message["content"]
                return "".join(printed)
        pytest.fail(f"no reply from the kernel within {timeout} s")
    finally:
        ws.close()


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) != 0


def run_open(prefix: list[str], env: dict, stop_with: int) -> list[str]:
    """Start `course.py open`, check what it serves, stop it by its pid with ``stop_with``; returns its output lines."""
    env = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    python = python_for(prefix, env)
    process = subprocess.Popen([*prefix, python, str(ROOT / "course.py"), "open"], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()

    def read_output():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=read_output, daemon=True).start()
    seen: list[str] = []
    port = None
    try:
        deadline = time.monotonic() + START_TIMEOUT
        match = None
        while match is None:
            remaining = deadline - time.monotonic()
            assert (remaining > 0 and process.poll() is None) or not lines.empty(), \
                f"`course.py open` printed no address (exit {process.poll()}):\n" + "\n".join(seen)
            try:
                line = lines.get(timeout=max(0.1, min(1.0, remaining)))
            except queue.Empty:
                continue
            seen.append(line)
            match = ADDRESS.match(line)
        address, port, token = match[1], int(match[2]), match[3]
        status, page = get(address)
        assert status == 200 and b"JupyterLab" in page, f"{address} answered {status}"
        base = f"http://127.0.0.1:{port}"
        status, body = get(f"{base}/api/status", token)
        assert status == 200, f"/api/status answered {status}"
        status, body = get(f"{base}/api/contents/notebooks/00_start_here.ipynb?content=0", token)
        assert status == 200 and json.loads(body)["type"] == "notebook", f"the course map: {status} {body[:200]!r}"
        status, body = get(f"{base}/api/contents/lessons_lib", token)  # the server root is the repository
        assert status == 200, f"lessons_lib/ is not browsable: {status}"
        # a kernel starts and runs the course's code (it needs writable runtime/IPython/Matplotlib folders)
        status, body = get(f"{base}/api/kernels", token, method="POST")
        assert status in (200, 201), f"starting a kernel: {status} {body[:300]!r}"
        printed = run_in_kernel(port, token, json.loads(body)["id"],
                                "import lessons_lib, matplotlib.pyplot; print('ready', lessons_lib.__name__)")
        assert printed == "ready lessons_lib\n", printed
        time.sleep(1)  # let anything the server might print arrive
    finally:
        os.kill(process.pid, stop_with)  # by its own process id, as a person's Ctrl+C (or kill) would
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            pytest.fail("`course.py open` did not stop within 40 s of " + signal.Signals(stop_with).name)
    time.sleep(0.5)
    while not lines.empty():
        seen.append(lines.get())
    assert process.returncode == 0, f"exit code {process.returncode}:\n" + "\n".join(seen)
    if port is not None:
        assert port_is_free(port), f"port {port} still answers after `course.py open` stopped"
    noise = [line for line in seen if not any(p.fullmatch(line) for p in ALLOWED)]
    assert not noise, "`course.py open` printed more than its own lines:\n" + "\n".join(noise)
    assert sum(line.startswith("Installing") for line in seen) <= 1, seen
    assert any(line.startswith("No browser could be started") for line in seen), seen
    assert seen[-1] == "Stopped the course's server.", seen
    return seen


def test_open_serves_the_course_map_quietly_and_stops_on_ctrl_c():
    seen = run_open([], dict(os.environ), signal.SIGINT)
    print("\n" + "\n".join(seen))


def as_unprivileged_user(home: str) -> tuple[list[str], dict]:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        _skip("the tests do not run as root: the test above already ran `open` as an ordinary user")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        _skip("setpriv (util-linux) is not installed, so the test cannot switch to an unprivileged user")
    prefix = [setpriv, f"--reuid={UNPRIVILEGED}", f"--regid={UNPRIVILEGED}", "--clear-groups"]
    env = {"HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "USER": "nobody"}
    readable = subprocess.run([*prefix, "test", "-r", str(ROOT / "course.py"), "-a", "-x", str(course.BIN / "python")],
                              env=env, capture_output=True)
    if readable.returncode != 0:  # e.g. a checkout under /root (mode 700): no other user can reach it
        _skip(f"uid {UNPRIVILEGED} cannot read this checkout ({ROOT}) or run its .venv: a parent folder is private, "
              "so the unprivileged run cannot be tried here")
    return prefix, env


@pytest.mark.parametrize("home", ["own", "unwritable"])
def test_open_works_for_an_unprivileged_user(home):
    folder = None
    if home == "own":
        folder = tempfile.mkdtemp(prefix="course-open-home-")
        os.chown(folder, UNPRIVILEGED, UNPRIVILEGED)
    try:
        prefix, env = as_unprivileged_user(folder or "/nonexistent")
        seen = run_open(prefix, env, signal.SIGTERM)
        print(f"\nas uid {UNPRIVILEGED}, HOME={env['HOME']}:\n" + "\n".join(seen))
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


# --- the install stamps: `open` after `test` installs nothing; `test` after `open` does --------------

@pytest.fixture
def fake_checkout(tmp_path, monkeypatch):
    for name in ("requirements.txt", "requirements-dev.txt", "constraints.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.setattr(course, "ROOT", tmp_path)
    monkeypatch.setattr(course, "VENV", tmp_path / ".venv")
    (tmp_path / ".venv").mkdir()
    return tmp_path


def test_the_dev_install_covers_open_but_not_the_other_way(fake_checkout):
    assert course.requirement_files("requirements-dev.txt") == ["requirements-dev.txt", "requirements.txt",
                                                                "constraints.txt"]
    course.stamp("requirements.txt").write_text(course.wanted_text("requirements.txt"))
    assert course.installed("requirements.txt") and not course.installed("requirements-dev.txt")
    course.stamp("requirements.txt").unlink()
    course.stamp("requirements-dev.txt").write_text(course.wanted_text("requirements-dev.txt"))
    assert course.installed("requirements.txt") and course.installed("requirements-dev.txt")
    # a changed dev pin: `test` installs again, `open` need not
    dev = fake_checkout / "requirements-dev.txt"
    dev.write_text(dev.read_text() + "\n# changed\n")
    course.stamp("requirements.txt").write_text(course.wanted_text("requirements.txt"))
    assert course.installed("requirements.txt") and not course.installed("requirements-dev.txt")
    course.stamp("requirements-dev.txt").write_text(course.wanted_text("requirements-dev.txt"))
    # a changed pin in requirements.txt makes both installs stale
    path = fake_checkout / "requirements.txt"
    path.write_text(path.read_text() + "\n# changed\n")
    assert not course.installed("requirements.txt") and not course.installed("requirements-dev.txt")


def test_no_browser_is_tried_without_a_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if sys.platform.startswith("linux"):
        assert not course.can_start_browser()


def test_ci_runs_exactly_the_readme_test_command():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert lines[-1] == "python3 course.py test", lines
