"""Load test of class mode on this machine, loopback only: ``make class-test``.

For each class size N it starts the course's own hub (``deploy/jupyterhub/jupyterhub_config.py``
with the local process spawner) on 127.0.0.1 with free ports and a temporary state folder, and
then, through the hub's REST API with an admin service token:

1. creates N trainees and starts their servers, all at once (each server prepares the trainee's
   own copy of the chapters, as in class); time from the request to a ready server;
2. when every server is up, each trainee, at the same time, reads *their own copy* of the chapter
   from their server (contents API), starts a kernel in it (kernels API) and runs every code cell
   over the kernel's websocket, through the hub's proxy, as JupyterLab does; time of the run, and
   the first error of any cell;
3. samples, every two seconds, the memory of each trainee's server + kernel process tree (RSS;
   PSS, which counts shared pages once, every few samples), the CPU time the run used, and every
   network connection of every process the hub started (any peer off the loopback is a failure);
4. stops the servers and the hub and checks that no process it started is left (any left is
   killed by its id and reported as a failure).

Every request, wait and cell has a time limit, and the whole round has one (``--timeout``).

    python tools/class_load.py --users 5 10 20 30 --chapter 03_theory --out build/class-load.json
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import nbformat
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
COURSE_DIR = "民众期望管理"
DEFAULT_CHAPTER = "03_theory"
MIB = 1024 * 1024


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile of ``values`` by linear interpolation (as ``numpy.percentile``).

    Parameters
    ----------
    values : list of float
        The sample; NaN when it is empty.
    q : float
        Percentile, 0 to 100.

    Returns
    -------
    float
        The interpolated percentile.

    Examples
    --------
    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.5
    >>> percentile([10.0, 20.0, 30.0], 95)
    29.0
    >>> math.isnan(percentile([], 50))
    True
    """
    if not values:
        return math.nan
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def is_loopback(host: str) -> bool:
    """Whether an address is on this machine's loopback (127.0.0.0/8 or ::1).

    Parameters
    ----------
    host : str
        An IPv4 or IPv6 address (an IPv4-mapped IPv6 address counts as IPv4).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("::ffff:127.0.0.5")
    (True, True, True)
    >>> is_loopback("10.0.0.2"), is_loopback("8.8.8.8")
    (False, False)
    """
    ip = ipaddress.ip_address(host.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 now (the system picks it).

    Returns
    -------
    int

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Trainee:
    name: str
    start_s: float | None = None        # request to a ready server
    kernel_start_s: float | None = None  # kernel request to its first reply
    exec_s: float | None = None         # every code cell of the chapter
    cells_run: int = 0
    cpu_s: float | None = None          # CPU time of the server + kernel tree during the run
    idle_rss: int = 0                   # server alone, before the run (bytes)
    peak_rss: int = 0                   # server + kernel, during the run
    peak_pss: int = 0
    end_rss: int = 0                    # server + kernel once the chapter has run
    end_pss: int = 0                    # (PSS counts pages shared by several processes once)
    end_uss: int = 0                    # (USS: the pages of this trainee alone)
    locale: str | None = None           # of the trainee's JupyterLab
    error: str | None = None


@dataclass
class Round:
    users: int
    chapter: str
    code_cells: int = 0
    trainees: list[Trainee] = field(default_factory=list)
    hub_rss: int = 0                    # hub + proxy + idle culler at the end of the run
    wall_s: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    offsite: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pids: list[int] = field(default_factory=list)   # every process the hub started

    def failures(self) -> list[str]:
        """Every failure of the round: trainees' errors, off-machine peers, processes left, others."""
        out = [f"{t.name}: {t.error}" for t in self.trainees if t.error]
        out += [f"off-machine connection: {c}" for c in self.offsite]
        out += [f"process left running: {p}" for p in self.leftovers]
        return out + self.errors

    def summary(self) -> dict:
        """The figures of the round, as reported (seconds, MiB)."""
        starts = [t.start_s for t in self.trainees if t.start_s is not None]
        execs = [t.exec_s for t in self.trainees if t.exec_s is not None and not t.error]
        cpus = [t.cpu_s for t in self.trainees if t.cpu_s is not None and not t.error]
        rss = [t.peak_rss / MIB for t in self.trainees if t.peak_rss]
        pss = [t.peak_pss / MIB for t in self.trainees if t.peak_pss]
        idle = [t.idle_rss / MIB for t in self.trainees if t.idle_rss]
        end_pss = [t.end_pss / MIB for t in self.trainees if t.end_pss]
        end_uss = [t.end_uss / MIB for t in self.trainees if t.end_uss]
        end_rss = [t.end_rss / MIB for t in self.trainees if t.end_rss]
        mean = lambda xs: sum(xs) / len(xs) if xs else math.nan  # noqa: E731
        return {
            "users": self.users, "chapter": self.chapter, "code_cells": self.code_cells,
            "servers_started": len(starts),
            "chapters_ok": len(execs),
            "start_p50_s": percentile(starts, 50), "start_p95_s": percentile(starts, 95),
            "start_max_s": max(starts, default=math.nan),
            "exec_p50_s": percentile(execs, 50), "exec_p95_s": percentile(execs, 95),
            "exec_max_s": max(execs, default=math.nan),
            "cpu_per_chapter_s": mean(cpus),
            "idle_server_rss_mib": mean(idle),
            "peak_rss_mean_mib": mean(rss), "peak_rss_max_mib": max(rss, default=math.nan),
            "peak_pss_mean_mib": mean(pss), "peak_pss_max_mib": max(pss, default=math.nan),
            "end_rss_mean_mib": mean(end_rss), "end_pss_mean_mib": mean(end_pss),
            "end_uss_mean_mib": mean(end_uss), "end_uss_max_mib": max(end_uss, default=math.nan),
            "hub_proxy_rss_mib": self.hub_rss / MIB,
            "wall_s": self.wall_s, "load_before": list(self.load_before),
            "failures": self.failures(),
        }


class Hub:
    """The course hub in a subprocess of its own session, with every process it starts tracked."""

    def __init__(self, workdir: Path, users: int):
        self.workdir = workdir
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            COURSE_HUB_IP="127.0.0.1", COURSE_HUB_PORT=str(self.port),
            COURSE_HUB_API_PORT=str(free_port()), COURSE_HUB_PROXY_API_PORT=str(free_port()),
            COURSE_HUB_STATE=str(workdir / "state"), COURSE_HUB_SPAWNER="local",
            COURSE_HUB_SERVICE_TOKEN=self.token, COURSE_HUB_SPAWN_LIMIT=str(max(50, users)),
        )
        self.proc: subprocess.Popen | None = None
        self.seen: dict[int, str] = {}   # pid -> description, of every process the hub started
        self.log = workdir / "hub.log"

    def start(self) -> None:
        exe = Path(sys.executable).parent / "jupyterhub"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([str(exe), "-f", str(CONFIG)], cwd=self.workdir, env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=_first_to_go)
        self.seen[self.proc.pid] = "jupyterhub"

    def processes(self) -> list[psutil.Process]:
        """The hub and everything below it now; every one is remembered for the final check."""
        try:
            hub = psutil.Process(self.proc.pid)
            procs = [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []
        for p in procs:
            if p.pid not in self.seen:
                try:
                    self.seen[p.pid] = " ".join(p.cmdline()[:3])[:120]
                except psutil.Error:
                    self.seen[p.pid] = "?"
        return procs

    def stop(self, grace: float = 90.0) -> list[str]:
        """Stop the hub (SIGTERM: it stops every server, its services and the proxy); kill what
        is left, by process id, and name it."""
        self.processes()
        self.killed = False
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.killed = True
                self.proc.kill()
                self.proc.wait(10)
        deadline = time.monotonic() + 10
        left = []
        while True:
            left = [pid for pid in self.seen if _alive(pid)]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        for pid in left:
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                pass
        return [f"{pid} {self.seen[pid]}" for pid in left]


def _first_to_go() -> None:
    """If memory runs out, the kernel's OOM killer takes the hub's processes (inherited by
    every server and kernel) before anything else on a shared machine."""
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class Client:
    def __init__(self, hub: Hub):
        self.hub = hub
        self.http = AsyncHTTPClient(force_instance=True, max_clients=500)
        self.auth = {"Authorization": f"token {hub.token}"}

    async def call(self, method: str, path: str, body: object | None = None, timeout: float = 60):
        data = None if body is None else json.dumps(body)
        if data is None and method in ("POST", "PUT", "PATCH"):
            data = ""
        r = await self.http.fetch(HTTPRequest(self.hub.url + path, method=method, headers=self.auth,
                                              body=data, request_timeout=timeout,
                                              allow_nonstandard_methods=True))
        return json.loads(r.body) if r.body else None

    async def wait_hub(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.hub.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.hub.proc.returncode}); see {self.hub.log}")
            try:
                await self.call("GET", "/hub/api/", timeout=5)
                return
            except (HTTPClientError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not answer in {timeout:.0f} s; see {self.hub.log}")
                await asyncio.sleep(0.5)


async def _start_server(client: Client, t: Trainee, deadline: float) -> None:
    t0 = time.monotonic()
    try:
        await client.call("POST", f"/hub/api/users/{t.name}/server", {}, timeout=300)
        while True:
            model = await client.call("GET", f"/hub/api/users/{t.name}", timeout=30)
            server = model["servers"].get("")
            if server and server["ready"]:
                break
            if not server or (server["pending"] is None and not server["ready"]):
                raise RuntimeError(f"the server stopped while starting: {server}")
            if time.monotonic() > deadline:
                raise TimeoutError("server not ready in time")
            await asyncio.sleep(0.5)
        t.start_s = time.monotonic() - t0
    except Exception as exc:  # noqa: BLE001 (reported per trainee)
        t.error = f"start: {type(exc).__name__}: {exc}"


class KernelDied(RuntimeError):
    """The trainee's kernel died while running the chapter (the server restarts it)."""


def _message(msg_type: str, content: dict, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "class-load",
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
            "buffers": []}


async def _request(ws, msg: dict, deadline: float) -> dict:
    """Send a request; return its reply once the kernel is idle again (iopub status)."""
    await ws.write_message(json.dumps(msg))
    reply, idle, error = None, False, None
    while reply is None or not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{msg['header']['msg_type']}: no reply in time")
        raw = await asyncio.wait_for(ws.read_message(), timeout=left)
        if raw is None:
            raise ConnectionError("kernel websocket closed")
        if not isinstance(raw, str):
            continue   # binary frames (buffers of widget messages)
        m = json.loads(raw)
        if (m["header"]["msg_type"] == "status"
                and m["content"].get("execution_state") in ("restarting", "dead")):
            raise KernelDied(f"the kernel died ({m['content']['execution_state']}; out of memory?)")
        if m.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
            continue
        kind = m["header"]["msg_type"]
        if m["channel"] == "shell" and kind.endswith("_reply"):
            reply = m["content"]
        elif kind == "status" and m["content"].get("execution_state") == "idle":
            idle = True
        elif kind == "error":
            error = m["content"]
    if error and reply.get("status") == "ok":
        reply = {"status": "error", **error}
    return reply


async def _run_chapter(client: Client, t: Trainee, chapter: str, deadline: float,
                      procs: dict[str, psutil.Process]) -> None:
    base = f"/user/{t.name}/api"
    try:
        # the trainee's JupyterLab speaks Chinese: the locale its settings give, and the pack
        lab = f"/user/{t.name}/lab/api"
        plugin = await client.call("GET", f"{lab}/settings/@jupyterlab/translation-extension:plugin")
        t.locale = (plugin.get("settings", {}).get("locale")
                    or plugin["schema"]["properties"]["locale"]["default"])
        pack = await client.call("GET", f"{lab}/translations/{t.locale}")
        if not pack.get("data"):
            raise RuntimeError(f"no JupyterLab language pack for {t.locale}")
        path = f"{quote(COURSE_DIR)}/{quote(chapter)}.ipynb"
        model = await client.call("GET", f"{base}/contents/{path}?content=1&type=notebook", timeout=60)
        nb = nbformat.from_dict(model["content"])
        codes = [c.source for c in nb.cells if c.cell_type == "code"]
        k0 = time.monotonic()
        kernel = await client.call("POST", f"{base}/kernels", {"name": "python3", "path": COURSE_DIR},
                                   timeout=120)
        ws_url = client.hub.url.replace("http", "ws", 1) + f"{base}/kernels/{kernel['id']}/channels"
        ws = await websocket_connect(HTTPRequest(ws_url, headers=client.auth, request_timeout=120),
                                     max_message_size=256 * MIB)
        try:
            await _request(ws, _message("kernel_info_request", {}), time.monotonic() + 120)
            t.kernel_start_s = time.monotonic() - k0
            tree0 = _cpu(procs.get(t.name))
            e0 = time.monotonic()
            for i, src in enumerate(codes):
                reply = await _request(ws, _message("execute_request", {
                    "code": src, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}), deadline)
                if reply.get("status") != "ok":
                    t.error = f"cell {i + 1}: {reply.get('ename')}: {reply.get('evalue')}"[:300]
                    break
                t.cells_run += 1
            t.exec_s = time.monotonic() - e0
            t.cpu_s = _cpu(procs.get(t.name)) - tree0
            # what a trainee holds after running the chapter (the kernel keeps its objects)
            t.end_rss, t.end_pss, t.end_uss = await asyncio.to_thread(_memory3, procs.get(t.name))
        finally:
            ws.close()
            await client.call("DELETE", f"{base}/kernels/{kernel['id']}", timeout=60)
    except Exception as exc:  # noqa: BLE001 (reported per trainee)
        t.error = t.error or f"run: {type(exc).__name__}: {exc}"[:300]


def _tree(p: psutil.Process | None) -> list[psutil.Process]:
    if p is None:
        return []
    try:
        return [p, *p.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _cpu(p: psutil.Process | None) -> float:
    total = 0.0
    for q in _tree(p):
        try:
            ct = q.cpu_times()
            total += ct.user + ct.system
        except psutil.Error:
            pass
    return total


def _memory_one(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def _memory3(p: psutil.Process | None) -> tuple[int, int, int]:
    rss = pss = uss = 0
    for q in _tree(p):
        try:
            m = q.memory_full_info()
            rss, pss, uss = rss + m.rss, pss + m.pss, uss + m.uss
        except psutil.Error:
            pass
    return rss, pss, uss


def _memory(p: psutil.Process | None, full: bool) -> tuple[int, int]:
    rss = pss = 0
    for q in _tree(p):
        try:
            if full:
                m = q.memory_full_info()
                rss, pss = rss + m.rss, pss + m.pss
            else:
                rss += q.memory_info().rss
        except psutil.Error:
            pass
    return rss, pss


def _trainee_servers(hub: Hub) -> dict[str, psutil.Process]:
    """Each trainee's single-user server process, by the JUPYTERHUB_USER of its environment."""
    out = {}
    for p in hub.processes():
        try:
            if any("jupyterhub-singleuser" in part for part in p.cmdline()):
                user = p.environ().get("JUPYTERHUB_USER")
                if user:
                    out[user] = p
        except psutil.Error:
            pass
    return out


def _watch_network(hub: Hub, offsite: list[str]) -> None:
    for p in hub.processes():
        try:
            for conn in p.net_connections(kind="inet"):
                if conn.raddr and not is_loopback(conn.raddr.ip):
                    offsite.append(f"{hub.seen.get(p.pid, p.pid)} -> {conn.raddr.ip}:{conn.raddr.port}")
        except psutil.Error:
            pass


async def _sample(hub: Hub, rnd: Round, procs: dict[str, psutil.Process], stop: asyncio.Event,
                 every: float = 2.0, full_every: int = 3) -> None:
    """Sample memory (RSS; PSS every ``full_every`` samples) and network peers until ``stop``."""
    by_name = {t.name: t for t in rnd.trainees}
    i = 0
    while not stop.is_set():
        full = i % full_every == 0

        def one() -> None:
            for name, p in procs.items():
                rss, pss = _memory(p, full)
                t = by_name[name]
                t.peak_rss = max(t.peak_rss, rss)
                t.peak_pss = max(t.peak_pss, pss)
            _watch_network(hub, rnd.offsite)

        await asyncio.to_thread(one)
        i += 1
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except asyncio.TimeoutError:
            pass


async def _round(hub: Hub, rnd: Round, timeout: float) -> None:
    t_end = time.monotonic() + timeout
    client = Client(hub)
    await client.wait_hub()
    names = [t.name for t in rnd.trainees]
    await client.call("POST", "/hub/api/users", {"usernames": names}, timeout=60)
    await asyncio.gather(*(_start_server(client, t, t_end) for t in rnd.trainees))
    procs = _trainee_servers(hub)
    for t in rnd.trainees:
        if t.error is None and t.name not in procs:
            t.error = "start: no server process found for this trainee"
        t.idle_rss = _memory(procs.get(t.name), False)[0]
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample(hub, rnd, procs, stop))
    await asyncio.gather(*(_run_chapter(client, t, rnd.chapter, t_end, procs)
                           for t in rnd.trainees if t.error is None))
    stop.set()
    await sampler
    _watch_network(hub, rnd.offsite)
    trainee_pids = {q.pid for s in procs.values() for q in _tree(s)}
    rnd.hub_rss = sum(_memory_one(p) for p in hub.processes() if p.pid not in trainee_pids)
    async def stop_server(t: Trainee) -> None:
        try:
            await client.call("DELETE", f"/hub/api/users/{t.name}/server", timeout=120)
            while (await client.call("GET", f"/hub/api/users/{t.name}"))["servers"]:
                if time.monotonic() > t_end + 60:
                    raise TimeoutError("server still running")
                await asyncio.sleep(0.5)
        except Exception as exc:  # noqa: BLE001
            rnd.errors.append(f"stopping {t.name}: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(stop_server(t) for t in rnd.trainees))
    client.http.close()


def run_round(users: int, chapter: str = DEFAULT_CHAPTER, timeout: float = 900,
              workdir: Path | None = None) -> Round:
    """Start the hub, run one chapter for ``users`` trainees at once, stop, and report.

    Parameters
    ----------
    users : int
        Number of trainees (N).
    chapter : str
        Chapter file stem, e.g. ``"03_theory"``.
    timeout : float
        Seconds for the whole round (start-up, servers and the runs); what is not done by then
        fails.
    workdir : Path, optional
        Folder for the hub's state, the trainees' homes and the hub's log (a temporary folder,
        removed afterwards, if not given).

    Returns
    -------
    Round
        The trainees' figures, off-machine connections, processes left and errors;
        ``Round.summary()`` gives the reported figures.

    Examples
    --------
    >>> rnd = Round(users=2, chapter="03_theory",
    ...             trainees=[Trainee("a", start_s=2.0, exec_s=10.0), Trainee("b", error="x")])
    >>> rnd.summary()["servers_started"], rnd.summary()["chapters_ok"], rnd.failures()
    (1, 1, ['b: x'])
    """
    code_cells = sum(c.cell_type == "code" for c in
                     nbformat.read(ROOT / "chapters" / f"{chapter}.ipynb", as_version=4).cells)
    rnd = Round(users=users, chapter=chapter, code_cells=code_cells, load_before=os.getloadavg(),
                trainees=[Trainee(f"trainee{i:03d}") for i in range(1, users + 1)])
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="class-load-")
        workdir = Path(tmp.name)
    hub = Hub(workdir, users)
    t0 = time.monotonic()
    try:
        hub.start()
        asyncio.run(asyncio.wait_for(_round(hub, rnd, timeout), timeout=timeout + 120))
    except Exception as exc:  # noqa: BLE001 (reported with the round)
        rnd.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        rnd.leftovers = hub.stop()
        rnd.pids = sorted(hub.seen)
        if hub.killed:
            rnd.errors.append("the hub did not stop within 90 s of SIGTERM and was killed")
        rnd.wall_s = time.monotonic() - t0
        if rnd.failures():
            keep = ROOT / "build" / f"class-load-hub-{users}.log"
            keep.parent.mkdir(parents=True, exist_ok=True)
            keep.write_bytes(hub.log.read_bytes())
            rnd.errors.append(f"hub log kept in {keep}")
        if tmp is not None:
            tmp.cleanup()
    return rnd


def capacity(rows: list[dict], cores: int = 16, memory_gib: float = 64.0, reserve_gib: float = 4.0,
             wait_s: float = 60.0) -> dict:
    """Trainees that fit a server, from the measured figures.

    Memory: ``(memory − reserve) / memory per trainee``. A trainee's memory is the peak RSS of
    their server and kernel while the chapter runs, less the pages they share with everyone
    (shared libraries: RSS − USS measured once the chapter has run), as every trainee may reach
    the peak at the same time; the largest mean over the rounds. CPU: a whole class pressing
    “run all” at once must be done within ``wait_s``: ``cores × wait_s / CPU seconds per
    chapter``. The smaller of the two is the estimate.

    Parameters
    ----------
    rows : list of dict
        ``Round.summary()`` of each round.
    cores, memory_gib, reserve_gib, wait_s : number
        The server, what the system and the hub keep, and the acceptable wait.

    Returns
    -------
    dict
        ``memory_mib`` (per trainee), ``cpu_s`` (per chapter), ``by_memory``, ``by_cpu``,
        ``trainees``.

    Examples
    --------
    >>> capacity([{"peak_rss_mean_mib": 1000.0, "end_rss_mean_mib": 600.0, "end_uss_mean_mib": 450.0,
    ...            "cpu_per_chapter_s": 12.0}])
    {'memory_mib': 850.0, 'cpu_s': 12.0, 'by_memory': 72, 'by_cpu': 80, 'trainees': 72}
    """
    mem = max(r["peak_rss_mean_mib"] - (r["end_rss_mean_mib"] - r["end_uss_mean_mib"]) for r in rows)
    cpu = max(r["cpu_per_chapter_s"] for r in rows)
    by_memory = int((memory_gib - reserve_gib) * 1024 // mem)
    by_cpu = int(cores * wait_s // cpu)
    return {"memory_mib": mem, "cpu_s": cpu, "by_memory": by_memory, "by_cpu": by_cpu,
            "trainees": min(by_memory, by_cpu)}


def table(rows: list[dict]) -> str:
    """The report as a Markdown table, one row per round.

    Parameters
    ----------
    rows : list of dict
        ``Round.summary()`` of each round.

    Returns
    -------
    str
        A header, a rule and one line per round.

    Examples
    --------
    >>> rnd = Round(users=1, chapter="03_theory", trainees=[Trainee("a", start_s=2.0, exec_s=10.0)])
    >>> table([rnd.summary()]).splitlines()[-1]
    '| 1 | 1/1 | 1/1 | 2.0 / 2.0 / 2.0 | 10.0 / 10.0 / 10.0 | nan | nan / nan / nan | 0 |'
    """
    head = ("| N | servers started | chapters run | start p50 / p95 / max (s) | chapter p50 / p95 / max (s) "
            "| CPU per chapter (s) | memory per trainee: peak RSS / peak PSS / PSS after the run (MiB) "
            "| failures |\n|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {r['users']} | {r['servers_started']}/{r['users']} | {r['chapters_ok']}/{r['users']} | "
        f"{r['start_p50_s']:.1f} / {r['start_p95_s']:.1f} / {r['start_max_s']:.1f} | "
        f"{r['exec_p50_s']:.1f} / {r['exec_p95_s']:.1f} / {r['exec_max_s']:.1f} | "
        f"{r['cpu_per_chapter_s']:.1f} | {r['peak_rss_mean_mib']:.0f} / {r['peak_pss_mean_mib']:.0f} / "
        f"{r.get('end_pss_mean_mib', math.nan):.0f} | {len(r['failures'])} |\n" for r in rows)
    return head + body


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, nargs="+", default=[5, 10, 20, 30])
    p.add_argument("--chapter", default=DEFAULT_CHAPTER)
    p.add_argument("--timeout", type=float, default=900, help="seconds for each round")
    p.add_argument("--out", type=Path, default=ROOT / "build" / "class-load.json")
    args = p.parse_args(argv)
    if max(args.users) > 200:
        p.error("at most 200 trainees on one machine")
    rows = []
    for n in args.users:
        print(f"class-test: N = {n} ...", flush=True)
        rnd = run_round(n, args.chapter, args.timeout)
        row = rnd.summary()
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"machine": {"cores": os.cpu_count(),
                                                    "memory_gib": psutil.virtual_memory().total / 1024**3},
                                        "rounds": rows}, ensure_ascii=False, indent=1))
    print(table(rows))
    ok = [r for r in rows if not r["failures"]]
    if ok:
        print("16 cores / 64 GB:", capacity(ok))
    return 1 if any(r["failures"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
