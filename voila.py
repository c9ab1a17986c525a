# Settings for `voila dashboards/<name>.ipynb` run from the course folder (Voila reads this
# file from the current folder): the course's offline template, kernels that go away.
from course import server_settings

server_settings.standalone_voila(get_config())  # noqa: F821 (provided by Voila when it loads this file)
