"""Set up and run the course with one command.

    python3 course.py open    # install (first time only) and open the course in JupyterLab
    python3 course.py test    # install (first time only) and run the whole test suite

Both create a virtual environment in .venv/ beside this file and install the pinned
requirements into it, so nothing is installed into your system Python.
"""
from __future__ import annotations

import atexit
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import venv
import webbrowser
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = {"open": "requirements.txt", "test": "requirements-dev.txt"}
START_PAGE = "notebooks/00_start_here.ipynb"  # the learner's edition's course map
SERVER_LOG = VENV / "jupyter-server.log"
START_TIMEOUT = 120  # seconds for JupyterLab to answer /api/status


def requirement_files(name: str) -> list[str]:
    """``name`` and every file it pulls in with -r/-c (requirements-dev.txt -> requirements.txt -> constraints.txt)."""
    found, todo = [], [name]
    while todo:
        current = todo.pop(0)
        if current in found:
            continue
        found.append(current)
        for line in (ROOT / current).read_text().splitlines():
            parts = line.split("#", 1)[0].split()
            if len(parts) == 2 and parts[0] in ("-r", "-c"):
                todo.append(parts[1])
    return found


def wanted_text(requirements: str) -> str:
    """What an up-to-date install of ``requirements`` was made from: the text of all its files."""
    return "".join(f"== {name}\n{(ROOT / name).read_text()}" for name in requirement_files(requirements))


def stamp(requirements: str) -> Path:
    return VENV / f".installed-{requirements}"


def installed(requirements: str) -> bool:
    """Is ``requirements`` installed as it reads now? An install of a file that includes it counts too
    (requirements-dev.txt includes requirements.txt, so after `test` the `open` command installs nothing)."""
    for name in REQUIREMENTS.values():
        path = stamp(name)
        if requirements in requirement_files(name) and path.exists() and path.read_text() == wanted_text(name):
            return True
    return False


def ensure_environment(requirements: str) -> None:
    """Create .venv and install ``requirements`` into it, unless that was already done. Prints one line when it installs."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    has_python = (BIN / "python").exists() or (BIN / "python.exe").exists()
    if has_python and installed(requirements):
        return
    print(f"Installing {requirements} into {VENV.name}/ (about a minute the first time) ...", flush=True)
    if not has_python:
        venv.create(VENV, with_pip=True)
    pip = subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          "-r", requirements], cwd=ROOT, capture_output=True, text=True)
    if pip.returncode != 0:  # pip's own messages only when it failed: the one line above is all, otherwise
        sys.exit(f"{pip.stdout}{pip.stderr}\nInstalling {requirements} failed (pip exit code {pip.returncode}).")
    for name in REQUIREMENTS.values():  # installing requirements-dev.txt installed requirements.txt too
        if name in requirement_files(requirements):
            stamp(name).write_text(wanted_text(name))


def ensure_chromium() -> bool:
    """The browser tests need Chromium; install Debian's package when we may (as root, or in CI).

    Returns whether Chromium is there now.
    """
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return True
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Chromium for the browser tests (apt-get) ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return True
    print("Chromium is not installed: the browser tests will be skipped (install the 'chromium' package to run them).")
    return False


# ---------------------------------------------------------------------------------------------
# `open`: JupyterLab on the course, quietly


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


def log_path() -> Path:
    """.venv/jupyter-server.log, or a file in the temporary folder when .venv is not ours to write (another user's checkout)."""
    if os.access(VENV, os.W_OK) and (not SERVER_LOG.exists() or os.access(SERVER_LOG, os.W_OK)):
        return SERVER_LOG
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"how-a-neuron-learns-jupyter-server-{uid}.log"


def server_environment() -> dict[str, str]:
    """The server's environment: as it is, plus private Jupyter/IPython/Matplotlib folders when HOME cannot be written."""
    env = dict(os.environ)
    home = Path.home()
    if writable_dir(home):
        return env
    scratch = Path(tempfile.mkdtemp(prefix="how-a-neuron-learns-"))
    atexit.register(shutil.rmtree, scratch, True)
    for variable, folder in (("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_CONFIG_DIR", "config"),
                             ("JUPYTER_DATA_DIR", "data"), ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                             ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"), ("IPYTHONDIR", "ipython"),
                             ("MPLCONFIGDIR", "matplotlib")):
        env.setdefault(variable, str(scratch / folder))
    return env


def can_start_browser() -> bool:
    """Whether a graphical browser can be started here: not on Linux/BSD without a display (headless, SSH)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # a console browser (lynx, w3m, www-browser) would take over this terminal: not that
    return type(browser) is not webbrowser.GenericBrowser


def answers(base: str, token: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """End the server by its own process id: SIGTERM (it shuts its kernels down), SIGKILL if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_server(log: Path, extra: list[str], running: list) -> tuple[subprocess.Popen, int, str] | None:
    """Start JupyterLab on a free port with our own token; None if it exited (tried on three ports).

    Each server process is appended to ``running`` at once, so an interrupt while waiting still stops it.
    """
    env = server_environment()
    for _ in range(3):  # another program may take the free port before the server binds it
        port, token = free_port(), secrets.token_hex(24)
        command = [str(BIN / "python"), "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                   f"--ServerApp.root_dir={ROOT}",  # the repository, so learners can also browse lessons_lib/
                   *(["--allow-root"] if is_root() else []), *extra]
        with open(log, "w") as log_file:
            # its own process group/session: Ctrl+C reaches only this script, which then stops the server cleanly
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log_file,
                                       stderr=subprocess.STDOUT, start_new_session=os.name != "nt",
                                       creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        running.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            if answers(base, token):
                return process, port, token
            time.sleep(0.25)
        if process.poll() is None:  # running but never answered
            stop(process)
            return None
        if "already in use" not in log.read_text(errors="replace"):
            return None
    return None


def open_course(extra: list[str]) -> int:
    log = log_path()

    def on_signal(signum, frame):  # SIGTERM/SIGHUP (a closed SSH session) stop the server like Ctrl+C
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)
    running: list[subprocess.Popen] = []
    try:
        started = start_server(log, extra, running)
        if started is None:
            print(f"JupyterLab did not start. Its log: {log}", file=sys.stderr)
            tail = log.read_text(errors="replace").strip().splitlines()[-15:] if log.exists() else []
            print("\n".join(f"    {line}" for line in tail), file=sys.stderr)
            return 1
        process, port, token = started
        address = f"http://127.0.0.1:{port}/lab/tree/{START_PAGE}?token={token}"
        print(f"The course is open at {address}", flush=True)
        if not (can_start_browser() and webbrowser.open(address)):
            print("No browser could be started here (headless machine or SSH): open the address above in your browser.")
            print(f"Over SSH, forward the port first, on your own computer: ssh -L {port}:127.0.0.1:{port} "
                  "USER@THIS-MACHINE (then open the address there).")
        print("Press Ctrl+C to stop the course's server.", flush=True)
        while process.poll() is None:
            time.sleep(0.5)
        print(f"The course's server stopped by itself (exit code {process.returncode}). Its log: {log}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        for process in running:
            stop(process)
        print("\nStopped the course's server.", flush=True)
        return 0
    finally:
        for process in running:
            stop(process)


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in REQUIREMENTS:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment(REQUIREMENTS[command])
    if command == "open":
        return open_course(extra)
    env = dict(os.environ)
    if ensure_chromium():
        env["COURSE_REQUIRE_BROWSER"] = "1"  # Chromium is here, so the browser tests must run, not skip
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *extra], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
