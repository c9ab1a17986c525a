# JupyterLab settings for a workshop on one laptop. `course serve` (and so `make workshop`)
# loads this file and adds the course folder and port on the command line.
c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

c.ServerApp.ip = "127.0.0.1"        # never listen beyond this machine
c.ServerApp.port_retries = 0        # fail loudly rather than move to another port
c.LabApp.default_url = "/lab/tree/README.md"

# Shared with the hub's servers: offline pages, kernels that go away, no news feed.
from course import server_settings  # noqa: E402

server_settings.jupyter_server(c)
