#!/bin/sh
# Put the course on a server that runs the Littlest JupyterHub (TLJH), without a plugin.
# Run as root on the server, from a checkout of this repository, after TLJH's installer:
#
#   sudo sh deploy/tljh/setup.sh
#
# It copies the course to /opt/paperless-trade (readable by every account), installs it
# into TLJH's user environment, creates nbgrader's exchange, adds deploy/tljh/course.py to
# TLJH's configuration and, if TLJH has no config.yaml yet, uses deploy/tljh/config.yaml.
# Running it again updates the course; participants' copies in their homes are kept.
set -eu
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
COURSE=/opt/paperless-trade
TLJH=/opt/tljh

[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
[ -x "$TLJH/user/bin/pip" ] || { echo "TLJH is not installed in $TLJH" >&2; exit 1; }

mkdir -p "$COURSE"
for item in pyproject.toml environment.yml README.md nbgrader_config.py \
            course modules exercises solutions datasets dashboards deploy; do
    rm -rf "$COURSE/$item"
    cp -r "$SOURCE/$item" "$COURSE/$item"
done
chmod -R a+rX "$COURSE"
# Editable, like `make workshop`: `import course` finds its datasets and schemas beside it.
"$TLJH/user/bin/pip" install --quiet --editable "$COURSE"

mkdir -p /srv/nbgrader/exchange
chmod 1777 /srv/nbgrader/exchange

mkdir -p "$TLJH/config/jupyterhub_config.d"
cp "$SOURCE/deploy/tljh/course.py" "$TLJH/config/jupyterhub_config.d/paperless_trade.py"
[ -e "$TLJH/config/config.yaml" ] || cp "$SOURCE/deploy/tljh/config.yaml" "$TLJH/config/config.yaml"
tljh-config reload
echo "The course is in $COURSE; the hub has been reloaded."
