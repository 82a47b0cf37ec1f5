# Sourced by run.sh and test.sh: installs what Codewalkers needs and is missing, or says exactly what to do.
# Safe to run again: every step checks first.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root and sudo is not available" >&2; return 1; fi
}

require_command() {
  if ! command -v "$1" >/dev/null 2>&1; then echo "error: $1 is required: $2" >&2; exit 1; fi
}

ensure_toolchain() {
  require_command dotnet "install the .NET 10 SDK (https://dot.net/install)"
  if ! dotnet --list-sdks | grep -q '^10\.'; then
    echo "error: the .NET 10 SDK is required (found: $(dotnet --list-sdks | tr '\n' ' '))" >&2; exit 1
  fi
  require_command git "install git (apt-get install git)"
}

container_runtime_healthy() {
  for cli in docker podman; do
    if command -v "$cli" >/dev/null 2>&1 && timeout 5 "$cli" info >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

rabbitmq_installed() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null 2>&1
}

# The AppHost picks the broker: a given connection string -> a container -> the local rabbitmq-server.
# Only the last one needs installing, and only when neither of the others is available.
ensure_broker() {
  if [ -n "${ConnectionStrings__messaging:-}" ]; then echo "broker: external (ConnectionStrings__messaging)"; return; fi
  if container_runtime_healthy; then echo "broker: RabbitMQ container"; return; fi
  if rabbitmq_installed; then echo "broker: local rabbitmq-server"; stop_stray_epmd; return; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "broker: installing rabbitmq-server with apt-get (about 30 s)..."
    as_root apt-get update -qq
    apt_install_without_starting_services rabbitmq-server
    stop_packaged_broker
    stop_stray_epmd
    return
  fi
  echo "error: no message broker: install rabbitmq-server, start Docker/Podman, or set ConnectionStrings__messaging" >&2
  exit 1
}

# Installs packages without letting them start their services (policy-rc.d answers 101 "action forbidden"):
# Codewalkers runs its own broker on loopback, and the packaged one would also start epmd on every interface.
apt_install_without_starting_services() {
  local policy=/usr/sbin/policy-rc.d created="" status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    created=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  if [ -n "$created" ]; then as_root rm -f "$policy"; fi
  return "$status"
}

# Stops the packaged system-wide broker only if one actually runs (on systemd machines the package may start it):
# `service rabbitmq-server stop` on a stopped broker would itself start epmd on 0.0.0.0:4369 via rabbitmqctl.
stop_packaged_broker() {
  if pgrep -u rabbitmq -f beam.smp >/dev/null 2>&1; then
    echo "broker: stopping the packaged rabbitmq-server service (Codewalkers runs its own)"
    as_root service rabbitmq-server stop >/dev/null 2>&1 || true
  fi
}

# True when something listens on the epmd port on an address other than loopback (reads /proc, no ss needed).
epmd_listens_beyond_loopback() {
  local port_hex
  port_hex=$(printf '%04X' "${ERL_EPMD_PORT:-4369}")
  awk -v port="$port_hex" 'FNR > 1 && $4 == "0A" {
      split($2, local_address, ":")
      if (local_address[2] == port && local_address[1] != "0100007F" && local_address[1] != "00000000000000000000000001000000") found = 1
    } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# An epmd on all interfaces (left by an earlier install or service stop) with no Erlang node registered is stopped;
# the broker's next start runs its own bound to 127.0.0.1 (ERL_EPMD_ADDRESS). One serving live nodes is left alone.
stop_stray_epmd() {
  epmd_listens_beyond_loopback || return 0
  local epmd
  epmd=$(command -v epmd || true)
  if [ -z "$epmd" ]; then return 0; fi
  if "$epmd" -names 2>/dev/null | grep -q '^name '; then
    echo "warning: epmd listens on all interfaces (port ${ERL_EPMD_PORT:-4369}) and serves running Erlang nodes; stop them and it, and Codewalkers' broker starts one on 127.0.0.1" >&2
    return 0
  fi
  "$epmd" -kill >/dev/null 2>&1 || true
  echo "broker: stopped an epmd listening on all interfaces (the broker starts its own on 127.0.0.1)"
}

# PostgreSQL, for Database__Provider=postgres without a container engine, and for the suites run with
# CW_TEST_DATABASE=postgres: the Debian package's executables (initdb, postgres). The package's own cluster service is
# not started; Codewalkers runs its own server on loopback.
postgres_installed() {
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}

ensure_postgres() {
  if postgres_installed; then echo "postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"; return; fi
  if command -v apt-get >/dev/null 2>&1; then
    echo "postgres: installing postgresql with apt-get..."
    as_root apt-get update -qq
    apt_install_without_starting_services postgresql
    return
  fi
  echo "error: PostgreSQL is required for Database__Provider=postgres: install postgresql, or start Docker/Podman" >&2
  exit 1
}

# The real Claude Code CLI, pinned, for the Agents tests (they drive it against a fake Messages API).
# Installed once into a per-user npm prefix outside the repository; CW_CLAUDE_CLI tells the tests where it is.
CLAUDE_CLI_VERSION="2.1.328"
CLAUDE_CLI_PREFIX="${CW_TOOLS_PREFIX:-$HOME/.cache/codewalkers/npm}"

ensure_claude_cli() {
  local cli="$CLAUDE_CLI_PREFIX/bin/claude"
  if [ -x "$cli" ] && "$cli" --version 2>/dev/null | grep -q "^$CLAUDE_CLI_VERSION"; then
    export CW_CLAUDE_CLI="$cli"; echo "claude cli: $CLAUDE_CLI_VERSION ($cli)"; return
  fi
  if ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      echo "claude cli: installing nodejs and npm with apt-get..."
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    else
      echo "error: npm is required to install the Claude Code CLI (install Node.js and npm)" >&2; exit 1
    fi
  fi
  echo "claude cli: installing @anthropic-ai/claude-code@$CLAUDE_CLI_VERSION into $CLAUDE_CLI_PREFIX (about 370 MB)..."
  mkdir -p "$CLAUDE_CLI_PREFIX"
  npm install -g --prefix "$CLAUDE_CLI_PREFIX" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$CLAUDE_CLI_VERSION" >/dev/null
  # Newer npm versions skip install scripts unless allowed; the package's postinstall fetches the native binary.
  if ! "$cli" --version >/dev/null 2>&1; then
    (cd "$CLAUDE_CLI_PREFIX/lib/node_modules/@anthropic-ai/claude-code" && node install.cjs >/dev/null)
  fi
  if ! "$cli" --version >/dev/null 2>&1; then
    echo "error: the Claude Code CLI did not install into $CLAUDE_CLI_PREFIX" >&2; exit 1
  fi
  export CW_CLAUDE_CLI="$cli"
  echo "claude cli: $("$cli" --version)"
}

# The real Codex CLI, pinned, for the Agents tests (they drive it against a fake Responses API). Same per-user npm
# prefix as the Claude CLI; CW_CODEX_CLI tells the tests where it is. The npm package only wraps a native binary.
CODEX_CLI_VERSION="0.169.0"

ensure_codex_cli() {
  local cli="$CLAUDE_CLI_PREFIX/bin/codex"
  if [ -x "$cli" ] && "$cli" --version 2>/dev/null | grep -q " $CODEX_CLI_VERSION\$"; then
    export CW_CODEX_CLI="$cli"; echo "codex cli: $CODEX_CLI_VERSION ($cli)"; return
  fi
  require_command npm "install Node.js and npm (ensure_claude_cli installs them with apt-get)"
  echo "codex cli: installing @openai/codex@$CODEX_CLI_VERSION into $CLAUDE_CLI_PREFIX..."
  mkdir -p "$CLAUDE_CLI_PREFIX"
  npm install -g --prefix "$CLAUDE_CLI_PREFIX" --no-audit --no-fund --loglevel=error "@openai/codex@$CODEX_CLI_VERSION" >/dev/null
  if ! "$cli" --version >/dev/null 2>&1; then
    echo "error: the Codex CLI did not install into $CLAUDE_CLI_PREFIX" >&2; exit 1
  fi
  export CW_CODEX_CLI="$cli"
  echo "codex cli: $("$cli" --version)"
}

# The real Gemini CLI, pinned, for the Agents tests (they drive it against a fake Gemini API). Same per-user npm
# prefix; CW_GEMINI_CLI tells the tests where it is. The package is plain JavaScript run by node (>= 20).
GEMINI_CLI_VERSION="0.61.0"

ensure_gemini_cli() {
  local cli="$CLAUDE_CLI_PREFIX/bin/gemini"
  if [ -x "$cli" ] && "$cli" --version 2>/dev/null | grep -q "^$GEMINI_CLI_VERSION\$"; then
    export CW_GEMINI_CLI="$cli"; echo "gemini cli: $GEMINI_CLI_VERSION ($cli)"; return
  fi
  require_command npm "install Node.js and npm (ensure_claude_cli installs them with apt-get)"
  echo "gemini cli: installing @google/gemini-cli@$GEMINI_CLI_VERSION into $CLAUDE_CLI_PREFIX..."
  mkdir -p "$CLAUDE_CLI_PREFIX"
  npm install -g --prefix "$CLAUDE_CLI_PREFIX" --no-audit --no-fund --loglevel=error "@google/gemini-cli@$GEMINI_CLI_VERSION" >/dev/null
  if ! "$cli" --version >/dev/null 2>&1; then
    echo "error: the Gemini CLI did not install into $CLAUDE_CLI_PREFIX" >&2; exit 1
  fi
  export CW_GEMINI_CLI="$cli"
  echo "gemini cli: $("$cli" --version)"
}

# The real OpenCode CLI, pinned, for the Agents tests (they drive it against a fake OpenAI-compatible chat-completions
# API). Same per-user npm prefix; CW_OPENCODE_CLI tells the tests where it is. The npm package wraps a native binary;
# at its first run against a custom provider it fetches that provider's SDK package (@ai-sdk/openai-compatible) into
# ~/.cache/opencode.
OPENCODE_CLI_VERSION="1.18.33"

ensure_opencode_cli() {
  local cli="$CLAUDE_CLI_PREFIX/bin/opencode"
  if [ -x "$cli" ] && "$cli" --version 2>/dev/null | grep -q "^$OPENCODE_CLI_VERSION\$"; then
    export CW_OPENCODE_CLI="$cli"; echo "opencode cli: $OPENCODE_CLI_VERSION ($cli)"; return
  fi
  require_command npm "install Node.js and npm (ensure_claude_cli installs them with apt-get)"
  echo "opencode cli: installing opencode-ai@$OPENCODE_CLI_VERSION into $CLAUDE_CLI_PREFIX (about a minute)..."
  mkdir -p "$CLAUDE_CLI_PREFIX"
  npm install -g --prefix "$CLAUDE_CLI_PREFIX" --no-audit --no-fund --loglevel=error "opencode-ai@$OPENCODE_CLI_VERSION" >/dev/null
  if ! "$cli" --version >/dev/null 2>&1; then
    echo "error: the OpenCode CLI did not install into $CLAUDE_CLI_PREFIX" >&2; exit 1
  fi
  export CW_OPENCODE_CLI="$cli"
  echo "opencode cli: $("$cli" --version)"
}

# The browser tests drive Debian's chromium with Playwright (no browser download: the driver ships in the NuGet
# package). CW_BROWSER tells the tests where it is.
ensure_browser() {
  local browser="${CW_BROWSER:-/usr/bin/chromium}"
  if [ ! -x "$browser" ]; then
    if command -v apt-get >/dev/null 2>&1; then
      echo "browser: installing chromium with apt-get (about a minute)..."
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
    else
      echo "error: the browser tests need chromium at $browser (or set CW_BROWSER)" >&2; exit 1
    fi
  fi
  export CW_BROWSER="$browser"
  echo "browser: $("$browser" --version 2>/dev/null | head -1)"
}
