# Jupyter server settings shared by trainers' and participants' servers on the hub (found
# through JUPYTER_CONFIG_PATH): offline pages, kernels that go away, no news feed. The hub
# installs the course's Voila template into the users' Python before any server starts.
from course import server_settings

server_settings.jupyter_server(get_config())  # noqa: F821 (provided by Jupyter when it loads this file)
