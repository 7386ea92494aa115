#!/usr/bin/env bash
# One-command demo: a real n8n at http://127.0.0.1:5678 with this package installed the way users
# install it by hand (`npm pack`, then `npm install <tgz>` in n8n's nodes folder), the provider
# stand-in (fake SignalWire, Plivo, Twilio and Telnyx) at http://127.0.0.1:8787, credentials for it and the example
# workflows imported, and an owner account to log in with. Ctrl-C stops everything.
#
# For one machine only: n8n (5678), its task broker (5679) and the stand-in (8787) listen on
# 127.0.0.1, and the script checks it. The owner password is generated for each run and printed;
# an n8n owner can run code on this machine, so it is never a fixed, published one.
#
#   npm run demo          (or: bash scripts/demo.sh)
#
# From a fresh clone the first run sets the project up (scripts/setup.sh: Node 24, npm ci, build)
# and installs n8n into the tools folder (~6 min once; see scripts/n8n.sh). Every run starts from
# a fresh, empty n8n state (removed again on exit): nothing you do in the demo is kept.
#
# Environment: N8N_PORT (5678), N8N_RUNNERS_BROKER_PORT (5679), SANDBOX_PORT (8787), DEMO_EMAIL,
# DEMO_PASSWORD (instead of a generated one; n8n wants 8-64 characters with a number and an
# uppercase letter), DEMO_KEEP=1 (keep the state folder and its logs after exit),
# DEMO_SKIP_SETUP=1 (the project is set up and built already: the end-to-end test),
# PHONE_NUMBERS_TOOLS (tools folder).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

n8n_port=${N8N_PORT:-5678}
broker_port=${N8N_RUNNERS_BROKER_PORT:-5679}
sandbox_port=${SANDBOX_PORT:-8787}
email=${DEMO_EMAIL:-demo@example.com}
n8n_url=http://127.0.0.1:$n8n_port
sandbox_url=http://127.0.0.1:$sandbox_port

say() { printf '[demo] %s\n' "$*"; }
fail() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$n8n_port" && fail "port $n8n_port is in use (another n8n?). Stop it or set N8N_PORT."
port_busy "$broker_port" && fail "port $broker_port is in use (another n8n's task broker?). Stop it or set N8N_RUNNERS_BROKER_PORT."
port_busy "$sandbox_port" && fail "port $sandbox_port is in use. Stop what uses it or set SANDBOX_PORT."
command -v curl >/dev/null || fail "curl is needed"

if [ "${DEMO_SKIP_SETUP:-}" != 1 ]; then
	say "setting up the project (Node 24, dependencies, build)"
	bash scripts/setup.sh >/dev/null
fi
say "making sure n8n is installed (the first time takes ~6 minutes)"
bash scripts/n8n.sh install >/dev/null

# 4 groups of 5 from letters and digits without look-alikes (~115 bits), redrawn until n8n's rules
# hold: 8-64 characters, at least one number and one uppercase letter.
generate_password() {
	bash scripts/node24.sh node -e '
		const { randomInt } = require("node:crypto");
		const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789"];
		const all = sets.join("");
		for (;;) {
			const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => all[randomInt(all.length)]).join(""));
			const password = groups.join("-");
			if (sets.every((set) => [...password].some((c) => set.includes(c)))) { console.log(password); break; }
		}'
}
if [ -n "${DEMO_PASSWORD:-}" ]; then
	password=$DEMO_PASSWORD
	say "owner login for this run: $email / $password (from DEMO_PASSWORD)"
else
	password=$(generate_password)
	say "owner login for this run: $email / $password (generated now; DEMO_PASSWORD sets your own)"
fi

state=$(mktemp -d "${TMPDIR:-/tmp}/phone-numbers-demo.XXXXXX")
sandbox_pid=
n8n_pid=
tail_pid=

# Children run in their own sessions (setsid), so Ctrl-C reaches only this script, which then stops
# each whole process group (n8n's task runners included) and waits for it.
# Waits for the whole group, not just its leader: n8n's task runner shuts down after n8n itself.
stop_group() {
	local pid=$1 name=$2
	[ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null || return 0
	kill -TERM -- "-$pid" 2>/dev/null || true
	for _ in $(seq 1 50); do
		kill -0 -- "-$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 -- "-$pid" 2>/dev/null; then
		say "$name did not stop in 10 s; killing it"
		kill -KILL -- "-$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	trap - INT TERM EXIT
	echo
	say "stopping n8n and the stand-in"
	stop_group "$n8n_pid" n8n
	stop_group "$sandbox_pid" "the stand-in"
	stop_group "$tail_pid" "the log display"
	if [ "${DEMO_KEEP:-}" = 1 ]; then say "kept $state (n8n.log, sandbox.log, n8n state)"; else rm -rf "$state"; fi
	say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export N8N_USER_FOLDER=$state/n8n
export N8N_PORT=$n8n_port
export N8N_RUNNERS_BROKER_PORT=$broker_port
export N8N_SECURE_COOKIE=false
# Loopback only, whatever the caller's environment says (scripts/n8n.sh defaults to the same).
export N8N_LISTEN_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
# The package as users install it, and nothing else.
unset N8N_CUSTOM_EXTENSIONS

say "installing the package into n8n: npm pack, then npm install <tgz> in $N8N_USER_FOLDER/.n8n/nodes"
bash scripts/n8n.sh install-package "$N8N_USER_FOLDER" >"$state/installed.json" 2>"$state/package.log" ||
	fail "installing the package failed: $(tail -n 20 "$state/package.log")"

say "starting the provider stand-in on $sandbox_url"
setsid bash scripts/node24.sh node test/sandbox/server.js --port "$sandbox_port" >"$state/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 50); do
	curl -fs "$sandbox_url/__sandbox/health" >/dev/null 2>&1 && break
	kill -0 "$sandbox_pid" 2>/dev/null || fail "the stand-in did not start: $(cat "$state/sandbox.log")"
	sleep 0.2
done

say "importing credentials and example workflows"
node scripts/n8n-fixtures.js --base-url "$sandbox_url" --out "$state/import" >"$state/workflows.txt"
bash scripts/n8n.sh import:credentials --input="$state/import/credentials.json" >"$state/import.log" 2>&1 ||
	fail "import:credentials failed: $(tail -n 20 "$state/import.log")"
bash scripts/n8n.sh import:workflow --separate --input="$state/import/workflows" >>"$state/import.log" 2>&1 ||
	fail "import:workflow failed: $(tail -n 20 "$state/import.log")"

say "starting n8n on $n8n_url (log: $state/n8n.log)"
setsid bash scripts/n8n.sh start >"$state/n8n.log" 2>&1 &
n8n_pid=$!
for i in $(seq 1 180); do
	curl -fs "$n8n_url/healthz/readiness" >/dev/null 2>&1 && break
	kill -0 "$n8n_pid" 2>/dev/null || fail "n8n exited: $(tail -n 30 "$state/n8n.log")"
	[ "$i" = 180 ] && fail "n8n did not become ready in 180 s: $(tail -n 30 "$state/n8n.log")"
	sleep 1
done

# Every listening socket of n8n (its task broker included) and of the stand-in, on loopback only.
loopback=$(bash scripts/node24.sh node test/helpers/loopback.js "$n8n_pid" n8n 2>&1 &&
	bash scripts/node24.sh node test/helpers/loopback.js "$sandbox_pid" "the stand-in" 2>&1) || fail "$loopback"

say "creating the owner account"
# n8n 1.x answers its readiness check before its REST API works (404, then 503 "Database is not
# ready!" while it migrates its database): ask again, for up to 5 minutes.
for i in $(seq 1 300); do
	setup=$(curl -s -o "$state/owner.json" -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"email\":\"$email\",\"firstName\":\"Demo\",\"lastName\":\"User\",\"password\":\"$password\"}" \
		"$n8n_url/rest/owner/setup")
	[ "$setup" = 404 ] || [ "$setup" = 503 ] || break
	kill -0 "$n8n_pid" 2>/dev/null || fail "n8n exited: $(tail -n 30 "$state/n8n.log")"
	sleep 1
done
[ "$setup" = 200 ] || fail "owner set-up answered HTTP $setup: $(cat "$state/owner.json")"

cat <<EOF

  n8n with the Phone Number node is running, for this machine only.

    Open      $n8n_url
    Log in    $email / $password

  Listening (loopback only): $(echo $loopback)

  Workflows (Overview → Workflows; open one, click "Execute workflow"):
$(sed 's/^[^\t]*\t/    - /' "$state/workflows.txt")

  Credentials "SignalWire (sandbox)", "Plivo (sandbox)", "Twilio (sandbox)" and "Telnyx (sandbox)"
  point at the provider stand-in:
    $sandbox_url   (fake SignalWire, Plivo, Twilio and Telnyx; nothing real is bought)
    $sandbox_url/__sandbox/state      numbers owned now
    $sandbox_url/__sandbox/requests   every request the node sent
    curl -X POST $sandbox_url/__sandbox/reset   start over

  Stand-in requests are shown below. Press Ctrl-C to stop everything.

EOF
setsid bash -c 'tail -n +1 -f "$1" | grep --line-buffered -E "^\[sandbox\] [A-Z]+ /(api|v1)/"' _ "$state/sandbox.log" &
tail_pid=$!
wait "$n8n_pid" || true
say "n8n exited; see $state/n8n.log"
