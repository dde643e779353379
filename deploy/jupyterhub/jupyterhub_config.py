"""JupyterHub for a class of the course 民众期望管理 (one server): ``make hub``.

Every trainee gets their own JupyterLab in Chinese, running in the course environment (this
checkout's ``.venv``: the pins of ``requirements/lock.txt``, no second set), opening on their own
trusted copy of the chapters (``deploy/jupyterhub/singleuser.py`` runs ``tools/lab.py prepare`` in
the trainee's home before the server starts). Everything is set by environment variables, so the
same file serves the classroom and the load test (``tools/class_load.py``):

=============================  ============================================================  =======================
variable                       what                                                          default
=============================  ============================================================  =======================
COURSE_HUB_IP                  address the hub's proxy listens on                             127.0.0.1
COURSE_HUB_PORT                its port                                                       8000
COURSE_HUB_API_PORT            the hub's own API port (always 127.0.0.1)                      8081
COURSE_HUB_PROXY_API_PORT      the proxy's API port (always 127.0.0.1)                        8001
COURSE_HUB_STATE               database, cookie secret, trainees' homes (local spawner)       .hub/
COURSE_HUB_SPAWNER             ``systemd`` (limits enforced) or ``local`` (none)              systemd if available
COURSE_HUB_MEM_LIMIT           memory per trainee (systemd: enforced)                         2G
COURSE_HUB_CPU_LIMIT           CPU cores per trainee (systemd: enforced)                      1
COURSE_HUB_CULL_TIMEOUT        seconds without activity before a server is stopped            3600
COURSE_HUB_ADMINS              comma-separated instructor accounts (approve sign-ups)         instructor
COURSE_HUB_OPEN_SIGNUP         ``1``: a sign-up needs no instructor approval                  0
COURSE_HUB_SSL_CERT / _KEY     TLS certificate and key (HTTPS served by the hub itself)       none
COURSE_HUB_BEHIND_HTTPS        ``1``: a TLS proxy (nginx) is in front, plain HTTP allowed     0
COURSE_HUB_SERVICE_TOKEN       API token of an admin service ``course-admin`` (scripts)       none
COURSE_HUB_SPAWN_LIMIT         servers starting at the same time                              50
=============================  ============================================================  =======================

Resource limits are enforced only by the systemd spawner (``jupyterhub-systemdspawner``: each
trainee's server runs as a transient systemd unit with ``MemoryMax``/``CPUQuota``, as a dynamic
user with its own home in ``/var/lib/<user>``); it needs root and systemd as PID 1. The local
spawner (``SimpleLocalProcessSpawner``) runs every trainee as the hub's own user: no isolation
and no limits (the values are only passed on as ``MEM_LIMIT``/``CPU_LIMIT``). It is for a trial
run on one machine and for the load test, never for a class. The hub refuses to listen on a
non-loopback address without HTTPS (a certificate, or ``COURSE_HUB_BEHIND_HTTPS=1``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent          # the hub runs from the course environment
COURSE_DIR = "民众期望管理"                       # the trainee's copy of the chapters, in their home
LANDING = "00_课程首页.ipynb"


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"COURSE_HUB_{name}", default)


STATE = Path(env("STATE", str(ROOT / ".hub"))).resolve()
STATE.mkdir(parents=True, exist_ok=True)
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# --- network: the proxy faces the trainees, the hub API and the proxy API stay on loopback -----
c.JupyterHub.ip = env("IP", "127.0.0.1")
c.JupyterHub.port = int(env("PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('PROXY_API_PORT', '8001')}"
# configurable-http-proxy from npm (package.json, `npm ci`), not a global install
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True              # stopping the hub stops every trainee's server

if env("SSL_CERT"):
    c.JupyterHub.ssl_cert = env("SSL_CERT")
    c.JupyterHub.ssl_key = env("SSL_KEY")
elif c.JupyterHub.ip not in LOOPBACK and env("BEHIND_HTTPS") != "1":
    raise SystemExit(
        f"课堂服务器拒绝在 {c.JupyterHub.ip} 上以明文 HTTP 提供服务：请设置 COURSE_HUB_SSL_CERT/"
        "COURSE_HUB_SSL_KEY，或在前面放一个 HTTPS 反向代理并设置 COURSE_HUB_BEHIND_HTTPS=1 "
        "(refusing plain HTTP on a non-loopback address; see book/instructor_guide.md)")

# --- who may log in: NativeAuthenticator (accounts with passwords, approved by an instructor) ---
c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
admins = {a.strip() for a in env("ADMINS", "instructor").split(",") if a.strip()}
c.Authenticator.admin_users = admins
c.NativeAuthenticator.allow_all = True           # NativeAuthenticator's approval is the allow list
c.NativeAuthenticator.open_signup = env("OPEN_SIGNUP") == "1"
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600

# --- each trainee's server --------------------------------------------------------------------
spawner = env("SPAWNER") or ("systemd" if Path("/run/systemd/system").is_dir() and os.geteuid() == 0
                             else "local")
c.Spawner.cmd = [sys.executable, str(ROOT / "deploy" / "jupyterhub" / "singleuser.py")]
c.Spawner.default_url = f"/lab/tree/{COURSE_DIR}/{LANDING}"
c.Spawner.args = [
    "--LabApp.extension_manager=readonly",              # the extension manager would query PyPI
    "--MappingKernelManager.cull_idle_timeout=1800",    # free a kernel idle for 30 min
    "--MappingKernelManager.cull_interval=300",
]
c.Spawner.environment = {
    "COURSE_DIR": COURSE_DIR,
    "LANG": "C.UTF-8",
    "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
c.Spawner.mem_limit = env("MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(env("CPU_LIMIT", "1"))
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = int(env("SPAWN_LIMIT", "50"))

if spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = True                   # no system accounts to create
    c.SystemdSpawner.unit_name_template = "course-trainee-{USERNAME}"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.readonly_paths = [str(ROOT)]           # the course sources, read only
elif spawner == "local":
    print("课堂服务器：本地进程方式，学员之间没有隔离，也不限制内存和 CPU，只用于试用和负载测试。"
          " (local process spawner: no isolation and no resource limits; for a trial or the load"
          " test only, see book/instructor_guide.md)", file=sys.stderr)
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
    if os.geteuid() == 0:
        c.Spawner.args.append("--allow-root")
else:
    raise SystemExit(f"COURSE_HUB_SPAWNER={spawner!r}: use systemd or local")

# --- services: the idle culler, and an optional admin token for scripts (the load test) --------
c.JupyterHub.load_roles = [{
    "name": "jupyterhub-idle-culler-role",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["jupyterhub-idle-culler-service"],
}]
c.JupyterHub.services = [{
    "name": "jupyterhub-idle-culler-service",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={int(env('CULL_TIMEOUT', '3600'))}", "--cull-every=300"],
}]
if env("SERVICE_TOKEN"):
    c.JupyterHub.services.append({"name": "course-admin", "api_token": env("SERVICE_TOKEN")})
    c.JupyterHub.load_roles.append({
        "name": "course-admin-role",
        "scopes": ["admin:users", "admin:servers", "access:servers", "read:hub"],
        "services": ["course-admin"],
    })
