"""Run nginx (Debian's package) on 127.0.0.1 as a round-robin load balancer in front of servers.

The balancer is a RunningServer (harness.py) on its own port, so tests talk to it as to a server.
"""

import shutil
import subprocess
from pathlib import Path

from .harness import RunningServer, free_port, wait_until_ready

EXECUTABLE = "nginx"
SETTINGS = """daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log {folder}/access.log;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  upstream replicas {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_next_upstream error timeout http_502;
    }}
  }}
}}
"""


def unavailable() -> str | None:
    """Why nginx cannot be run here, or None."""
    if shutil.which(EXECUTABLE) is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is not installed: tests/setup/system-packages.sh installs the Debian package nginx (needs root)"
    return None


def start(folder: Path, ports: list[int], ready_timeout: float = 20) -> RunningServer:
    """Start nginx balancing over the servers on these ports; wait until it answers /healthz."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    settings = folder / "nginx.conf"
    settings.write_text(SETTINGS.format(folder=folder, servers=servers, port=port), encoding="utf-8")
    executable = shutil.which(EXECUTABLE) or "/usr/sbin/nginx"
    process = subprocess.Popen([executable, "-c", str(settings), "-p", str(folder)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    return wait_until_ready(RunningServer(process, port, folder / "error.log", folder), "nginx", ready_timeout)
