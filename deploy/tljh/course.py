# Extra JupyterHub settings for the Littlest JupyterHub: trainers and participants.
# deploy/tljh/setup.sh copies this file to /opt/tljh/config/jupyterhub_config.d/, which
# TLJH loads after its own configuration. TLJH runs every user as the unix account
# jupyter-<name>; this adds what deploy/hub does on one machine: the course copied into
# the home on first start, the grading tools for trainers only, nbgrader's exchange.
import os
import pwd
import sys
from pathlib import Path

from tljh import user as tljh_user
from tljh.normalize import generate_system_username
from traitlets.config.loader import PyFileConfigLoader

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

COURSE = Path(os.environ.get("COURSE_ROOT", "/opt/paperless-trade"))
EXCHANGE = Path("/srv/nbgrader/exchange")
sys.path.insert(0, str(COURSE / "deploy" / "hub"))
import room  # noqa: E402 (deploy/hub/room.py: the same helpers as on one machine)

COURSE_ID = PyFileConfigLoader("nbgrader_config.py", path=str(COURSE)).load_config().CourseDirectory.course_id
room.ensure_exchange(EXCHANGE)
c.JupyterHub.load_groups = {"trainers": {}, "participants": {}}


def course_roles(spawner):
    user = spawner.user
    trainer = room.is_trainer(user)
    account = generate_system_username("jupyter-" + user.name)
    tljh_user.ensure_user(account)          # TLJH would create it a moment later anyway
    entry = pwd.getpwnam(account)
    home, owner = Path(entry.pw_dir), (entry.pw_uid, entry.pw_gid)
    if trainer:
        room.populate(home, COURSE, room.TRAINER_CONTENT, owner, empty=room.TRAINER_FOLDERS)
    else:
        room.populate(home, COURSE, room.PARTICIPANT_CONTENT, owner)
    profile = COURSE / "deploy" / "hub" / ("trainer" if trainer else "participant")
    spawner.environment = {**spawner.environment, "JUPYTER_CONFIG_PATH": str(profile),
                           "COURSE_EXCHANGE": str(EXCHANGE), "COURSE_ID": COURSE_ID}
    if not trainer:
        spawner.args = [*spawner.args,
                        "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False"]


c.Spawner.pre_spawn_hook = course_roles
