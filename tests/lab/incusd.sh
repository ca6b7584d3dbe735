#!/bin/bash
# Stops or starts one backend's incusd while its sshd stays up (the host
# answers SSH but Incus is down):
#   incusd.sh stop b2 | incusd.sh start b2 | incusd.sh restart b2 | incusd.sh status b2
# stop is a clean `incus admin shutdown` (its running boxes restart with it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
daemon_cli incusd "$@"
