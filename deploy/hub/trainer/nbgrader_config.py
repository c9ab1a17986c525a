# nbgrader for a trainer's server on the hub (found through JUPYTER_CONFIG_PATH, which the
# hub sets to this folder). The trainer's home is a copy of the course: nbgrader_config.py
# there names the course and its folders (solutions/ -> exercises/, workshop/ for the
# gradebook); course.grading.config adds the course's own settings on top, as the `course`
# command does. The exchange comes from the hub.
import os
from pathlib import Path

from course.grading.config import load

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

if (Path.home() / "nbgrader_config.py").exists():
    c.merge(load(Path.home()))
if os.environ.get("COURSE_NGSHARE_URL"):   # Kubernetes: the exchange is the ngshare service
    from ngshare_exchange import configureExchange

    configureExchange(c, os.environ["COURSE_NGSHARE_URL"])
else:                                      # one machine: the exchange is a shared folder
    c.Exchange.root = os.environ["COURSE_EXCHANGE"]
