"""Start JupyterLab for a browser test and find the system Chromium (used by test_browser and bench_browser).

The server runs on 127.0.0.1 with a random token on a free port, on a *copy* of the notebooks
(JupyterLab's autosave would otherwise rewrite the committed notebooks), with private config,
settings and workspace folders, and it is stopped by its own process id.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

# JupyterLab user settings for the test: every cell kept in the page (no virtual scrolling,
# so the test sees all outputs) and no autosave.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def find_chromium() -> str | None:
    """Debian's chromium (a wrapper script at /usr/bin/chromium), or None."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on a temporary folder; ``stop()`` ends it by its own PID."""

    def __init__(self, workdir: Path, python: str | Path = sys.executable, root_dir: Path | None = None) -> None:
        self.workdir = workdir
        self.python = str(python)
        self.root_dir = root_dir or workdir
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "jupyterlab.log"

    def start(self, timeout: float = 90) -> None:
        home = self.workdir / "home"
        settings = home / "lab-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env = {**os.environ,
               "JUPYTER_CONFIG_DIR": str(home / "config"),
               "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
               "JUPYTERLAB_SETTINGS_DIR": str(settings),
               "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
               "JUPYTER_PLATFORM_DIRS": "1",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        command = [self.python, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
                   "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--ServerApp.open_browser=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, cwd=self.workdir, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_path.read_text()[-3000:]}")

    def api(self, method: str, path: str):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def delete_sessions_and_kernels(self) -> None:
        """Kernels outlive the pages that started them: shut every one down through the API."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels") or []:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def url(self, notebook_path: str) -> str:
        return f"{self.base}/lab/tree/{notebook_path}?reset&token={self.token}"

    def get(self, path: str) -> tuple[int, str]:
        """Status and text of a GET (with the token), for checks that need no browser."""
        request = urllib.request.Request(f"{self.base}{path}", headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """End the server by its own PID: SIGTERM (it shuts its kernels down), SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.delete_sessions_and_kernels()
        except Exception:  # the server may be half-dead; stopping it matters more
            pass
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self.log.close()


def copy_notebooks(destination: Path, edition: str = "notebooks") -> Path:
    """A private copy of an edition's folder (autosave or a stray save must never touch the real notebooks)."""
    target = destination / edition
    shutil.copytree(ROOT / edition, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


# JavaScript run in the page: the state of the open notebook, read from JupyterLab's own model.
# code/done/errors/status summarise it; cells has one entry per code cell: its index among all
# cells, execution count, whether it shows an error output, and its stderr text.
NOTEBOOK_STATE_JS = """() => {
  const app = window.jupyterapp;
  if (!app) return null;
  const panel = app.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model || !panel.sessionContext) return null;
  const session = panel.sessionContext.session;
  const kernel = session && session.kernel;
  const model = panel.content.model.cells;
  let code = 0, done = 0;
  const errors = [], cells = [];
  for (let i = 0; i < model.length; i++) {
    const cell = model.get(i);
    if (cell.type !== 'code') continue;
    code++;
    if (cell.executionCount) done++;
    const entry = {index: i, count: cell.executionCount || null, error: null, stderr: ''};
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') {
        entry.error = `${out.ename}: ${out.evalue}`;
        errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      }
      if (out.output_type === 'stream' && out.name === 'stderr') {
        const text = Array.isArray(out.text) ? out.text.join('') : out.text;
        entry.stderr += text;
        errors.push(`cell ${i} stderr: ${text.slice(0, 500)}`);
      }
    }
    cells.push(entry);
  }
  return {status: kernel ? kernel.status : 'no kernel', code, done, errors, cells};
}"""

# JavaScript: make cell ``index`` the only selected cell and run it (as Shift+Enter would, without moving on).
RUN_CELL_JS = """(index) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  return app.commands.execute('notebook:run-cell');
}"""
