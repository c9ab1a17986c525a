# Settings for a standalone `voila dashboards/<name>.ipynb`, given to Voila with
# `--Voila.config_file_paths=deploy/voila` (dashboards/README.md). Not named voila.py at the
# course root, where it would hide the voila package from Python started there.
# What it sets: the course's offline template, kernels that go away.
from course import server_settings

server_settings.standalone_voila(get_config())  # noqa: F821 (provided by Voila when it loads this file)
