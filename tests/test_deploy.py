"""Class mode's deployment files: what can be checked here without a hub, Kubernetes or Docker.

- deploy/jupyterhub/jupyterhub_config.py loads with JupyterHub's own config loader and sets what
  the instructor's guide says (spawner by COURSE_HUB_SPAWNER, limits, the culler, the proxy from
  node_modules, loopback unless HTTPS, the admin service only with a token).
- deploy/z2jh/values.yaml parses and agrees with the one-server hub (authenticator, start command,
  landing page, culling).
- deploy/z2jh/Dockerfile installs only the course's pins: requirements/lock.txt, package-lock.json
  (npm ci) and the Debian packages of tools/sysdeps.sh.
"""

from __future__ import annotations

import doctest
import re
import shlex
import sys
from pathlib import Path

import pytest
import yaml
from traitlets.config import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "deploy" / "jupyterhub"
Z2JH = ROOT / "deploy" / "z2jh"


def _load(monkeypatch, tmp_path, **env):
    for key in [k for k in __import__("os").environ if k.startswith("COURSE_HUB_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(f"COURSE_HUB_{key}", value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def test_local_spawner_config(monkeypatch, tmp_path):
    c = _load(monkeypatch, tmp_path, SPAWNER="local")
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.JupyterHub.spawner_class.endswith("SimpleLocalProcessSpawner")
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "home" / "{username}")
    assert c.ConfigurableHTTPProxy.command == [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
    assert c.Spawner.cmd[-1] == str(HUB / "singleuser.py") and Path(c.Spawner.cmd[-1]).is_file()
    assert "--LabApp.extension_manager=readonly" in c.Spawner.args
    assert c.JupyterHub.authenticator_class == "nativeauthenticator.NativeAuthenticator"
    assert c.NativeAuthenticator.open_signup is False
    culler = [s for s in c.JupyterHub.services if s["name"] == "jupyterhub-idle-culler-service"]
    assert culler and "--timeout=3600" in culler[0]["command"]
    assert not [s for s in c.JupyterHub.services if s["name"] == "course-admin"]


def test_systemd_spawner_enforces_limits(monkeypatch, tmp_path):
    c = _load(monkeypatch, tmp_path, SPAWNER="systemd", MEM_LIMIT="1.5G", CPU_LIMIT="1")
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.SystemdSpawner.dynamic_users is True
    assert c.Spawner.mem_limit == "1.5G" and c.Spawner.cpu_limit == 1.0
    assert "--allow-root" not in c.Spawner.args


def test_refuses_plain_http_off_loopback(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="HTTPS"):
        _load(monkeypatch, tmp_path, SPAWNER="local", IP="0.0.0.0")
    c = _load(monkeypatch, tmp_path, SPAWNER="local", IP="0.0.0.0", BEHIND_HTTPS="1")
    assert c.JupyterHub.ip == "0.0.0.0"


def test_admin_service_only_with_a_token(monkeypatch, tmp_path):
    c = _load(monkeypatch, tmp_path, SPAWNER="local", SERVICE_TOKEN="x" * 32)
    svc = [s for s in c.JupyterHub.services if s["name"] == "course-admin"]
    assert svc and svc[0]["api_token"] == "x" * 32
    role = [r for r in c.JupyterHub.load_roles if r["name"] == "course-admin-role"][0]
    assert "admin:servers" in role["scopes"] and "access:servers" in role["scopes"]


def test_singleuser_doctests():
    sys.path.insert(0, str(HUB))
    import singleuser

    result = doctest.testmod(singleuser)
    assert result.attempted > 0 and result.failed == 0


def test_z2jh_values_agree_with_the_hub(monkeypatch, tmp_path):
    values = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    c = _load(monkeypatch, tmp_path, SPAWNER="local")
    hub = values["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] == c.JupyterHub.authenticator_class
    for key in ("open_signup", "minimum_password_length", "check_common_password",
                "allowed_failed_logins", "seconds_before_next_try", "allow_all"):
        assert hub["NativeAuthenticator"][key] == c.NativeAuthenticator[key], key
    single = values["singleuser"]
    assert single["defaultUrl"] == c.Spawner.default_url
    assert single["cmd"][-1] == "/srv/course/deploy/jupyterhub/singleuser.py"
    assert single["extraEnv"]["COURSE_DIR"] == c.Spawner.environment["COURSE_DIR"]
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == 3600
    assert values["proxy"]["https"]["enabled"] is True
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False


def _lock() -> dict[str, str]:
    out = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def _run_commands(dockerfile: str) -> list[list[str]]:
    text = re.sub(r"\\\n", " ", dockerfile)
    cmds = []
    for line in text.splitlines():
        if line.startswith("RUN "):
            for part in line[4:].split("&&"):
                cmds.append(shlex.split(part))
    return cmds


def test_image_installs_only_the_course_pins():
    dockerfile = (Z2JH / "Dockerfile").read_text(encoding="utf-8")
    lock = _lock()
    cmds = _run_commands(dockerfile)
    pip = [c for c in cmds if "pip" in Path(c[0]).name and "install" in c]
    assert pip, "the image installs nothing with pip?"
    for c in pip:
        args = c[c.index("install") + 1:]
        if "-r" in args:
            assert args == ["-r", "requirements/lock.txt"], c
            continue
        assert args == ["--no-deps", "-e", "."], f"pip installs something unpinned: {c}"
    for spec in re.findall(r"\b([A-Za-z0-9_.-]+)==([0-9][^\s\"']*)", dockerfile):
        assert lock.get(re.sub(r"[-_.]+", "-", spec[0]).lower()) == spec[1], spec
    npm = [c for c in cmds if c[0] == "npm"]
    assert npm and all(c[1] == "ci" for c in npm), "npm must install package-lock.json (npm ci)"
    apt = [c for c in cmds if c[:2] == ["apt-get", "install"]]
    packages = {a for c in apt for a in c[2:] if not a.startswith("-")}
    sysdeps = (ROOT / "tools" / "sysdeps.sh").read_text()
    assert "fonts-noto-cjk" in sysdeps
    assert packages == {"fonts-noto-cjk", "nodejs", "npm"}, packages
    cmd = re.search(r'^CMD \["python", "([^"]+)"\]', dockerfile, re.M).group(1)
    assert (ROOT / cmd.removeprefix("/srv/course/")).is_file()
    for src in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert src == "." or (ROOT / src).exists(), src
