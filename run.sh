#!/usr/bin/env bash
# Runs Codewalkers locally: installs what is missing, then starts the Aspire AppHost (four services, the gateway,
# the broker and the dashboard). Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
ensure_toolchain
ensure_broker
# Database__Provider=postgres: the AppHost starts PostgreSQL, from a container or else Debian's package.
provider="${Database__Provider:-sqlite}"
case "${provider,,}" in postgres|postgresql) ensure_postgres ;; esac

export CW_HOME="${CW_HOME:-$HOME/.codewalkers}"
GATEWAY_PORT="${Gateway__Port:-5300}"
GATEWAY_URL="http://127.0.0.1:${GATEWAY_PORT}"
DASHBOARD_URL="http://localhost:18888"

dotnet build AppHost -c Release -nologo -v quiet

# Announce the addresses once the whole system answers healthy, while the AppHost runs in the foreground.
(
  for _ in $(seq 1 180); do
    if [ "$(curl -fsS -m 2 "${GATEWAY_URL}/health" 2>/dev/null)" = "Healthy" ]; then
      # The dashboard signs in with a browser token the AppHost keeps in $CW_HOME/dashboard-token (0600).
      dashboard="$DASHBOARD_URL"
      if [ -r "$CW_HOME/dashboard-token" ]; then dashboard="${DASHBOARD_URL}/login?t=$(cat "$CW_HOME/dashboard-token")"; fi
      # The web app signs a browser in from this link (a cookie), then drops the token from the address.
      web="${GATEWAY_URL}/"
      if [ -r "$CW_HOME/token" ]; then web="${GATEWAY_URL}/?token=$(cat "$CW_HOME/token")"; fi
      printf '\n  Codewalkers is running\n    web app:   %s\n    gateway:   %s  (all API calls: Authorization: Bearer $(cat %s/token); reference at /api/docs)\n    dashboard: %s  (sign-in link; token in %s/dashboard-token)\n    data:      %s\n    cw:        export PATH="%s/bin:$PATH"   (then: cw --help)\n  Stop with Ctrl+C.\n\n' \
        "$web" "$GATEWAY_URL" "$CW_HOME" "$dashboard" "$CW_HOME" "$CW_HOME" "$CW_HOME"
      exit 0
    fi
    sleep 1
  done
  echo "warning: the gateway did not report healthy within 180 s; see the dashboard at ${DASHBOARD_URL}" >&2
) &

exec dotnet run --project AppHost -c Release --no-build --launch-profile http
