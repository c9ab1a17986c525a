# nbgrader for a participant's server on the hub (found through JUPYTER_CONFIG_PATH, which
# the hub sets to this folder). The Assignment List fetches, submits and fetches feedback
# through the exchange; the hub passes the exchange and course id in the environment.
import os
from stat import S_IRWXG, S_IRWXU

from nbgrader.exchange.default import ExchangeSubmit

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = os.environ["COURSE_ID"]
# Submissions carry the hub user name, whichever unix account the server runs as.
c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]


class PrivateSubmit(ExchangeSubmit):
    """A submission only its author and the trainer can open.

    nbgrader leaves a submission's folder open to everyone (0777) and relies on its random
    name for privacy. ``inbound`` is set-group-id to the releasing trainer's group, so the
    folder belongs to that group: owner and group keep access, all other accounts lose it.
    """

    def copy_files(self):
        super().copy_files()
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), S_IRWXU | S_IRWXG)


if os.environ.get("COURSE_NGSHARE_URL"):   # Kubernetes: the exchange is the ngshare service
    from ngshare_exchange import configureExchange

    configureExchange(c, os.environ["COURSE_NGSHARE_URL"])
else:                                      # one machine: the exchange is a shared folder
    c.Exchange.root = os.environ["COURSE_EXCHANGE"]
    c.ExchangeFactory.submit = PrivateSubmit
