#!/usr/bin/env bash
# Adds an EF Core migration to one service for both database providers, from the service's current model:
#   SQLite      <Service>DbContext          -> services/<Service>/Infrastructure/Migrations/
#   PostgreSQL  <Service>DbContextPostgres  -> services/<Service>/Infrastructure/Migrations/Postgres/
# Usage: scripts/add-migration.sh <service> <Name> [--postgres-only]
#   service: planning | agents | collaboration | errands (any case)
#   --postgres-only: the SQLite migration exists already (added before this script, or on a branch that had only
#                    SQLite); add its PostgreSQL counterpart under the same name.
set -euo pipefail

usage() { echo "usage: $0 <planning|agents|collaboration|errands> <MigrationName> [--postgres-only]" >&2; exit 2; }
[[ $# -ge 2 && $# -le 3 ]] || usage
service="${1,,}"
name="$2"
only_postgres=false
if [[ $# -eq 3 ]]; then [[ "$3" == --postgres-only ]] || usage; only_postgres=true; fi
case "$service" in planning|agents|collaboration|errands) ;; *) usage ;; esac
[[ "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "migration name '$name': use PascalCase letters and digits" >&2; exit 2; }

cd "$(dirname "$0")/.."
Service="${service^}"
project="services/$Service"
dotnet tool restore >/dev/null
# One build for both steps: each compares its context's model with its own snapshot, which the other step leaves alone.
dotnet build "$project" -c Release -nologo -v quiet

ef() { dotnet ef migrations add "$name" --project "$project" --configuration Release --no-build "$@"; }
if ! $only_postgres; then
    ef --context "${Service}DbContext" --output-dir Infrastructure/Migrations
fi
# The namespace follows the folder (…Infrastructure.Migrations.Postgres); naming it explicitly would make EF put a
# first snapshot in a folder derived from the namespace instead.
ef --context "${Service}DbContextPostgres" --output-dir Infrastructure/Migrations/Postgres
