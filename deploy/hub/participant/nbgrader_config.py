# nbgrader for a participant's server on the hub (found through JUPYTER_CONFIG_PATH, which
# the hub sets to this folder). The Assignment List fetches, submits and fetches feedback
# through the exchange; the hub passes the exchange and course id in the environment.
import os
from stat import S_IRGRP, S_IRUSR, S_IRWXG, S_IRWXU, S_IWUSR

from nbgrader.exchange.default import ExchangeSubmit

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.Exchange.root = os.environ["COURSE_EXCHANGE"]
c.CourseDirectory.course_id = os.environ["COURSE_ID"]
# Submissions carry the hub user name, whichever unix account the server runs as.
c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]


class PrivateSubmit(ExchangeSubmit):
    """A submission readable by its author and the trainer only.

    nbgrader leaves a submission world-readable in ``inbound`` and relies on its random
    name for privacy. ``inbound`` is set-group-id to the releasing trainer's group, so a
    submission belongs to that group: owner and group keep access, all others lose it.
    """

    def copy_files(self):
        super().copy_files()
        submission = os.path.join(self.inbound_path, self.assignment_filename)
        for folder, _, files in os.walk(submission):
            for name in files:
                os.chmod(os.path.join(folder, name), S_IRUSR | S_IWUSR | S_IRGRP)
            os.chmod(folder, S_IRWXU | S_IRWXG)


c.ExchangeFactory.submit = PrivateSubmit
