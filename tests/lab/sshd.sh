#!/bin/bash
# Stops or starts one lab sshd, e.g. to make a backend (or, with "jump",
# every backend reached through the jump host) unreachable:
#   sshd.sh stop b2 | sshd.sh start b2 | sshd.sh restart jump | sshd.sh status b1
# stop also ends the sessions that sshd had open (a dead host, not a closed port).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
daemon_cli sshd "$@"
