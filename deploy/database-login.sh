#!/usr/bin/env bash
# Gives the Function App its own PostgreSQL login, npt_app, with a new random password, and puts
# its URL (through PgBouncer, port 6432) into Key Vault as npt-database-url. npt_app reads and
# writes rows but cannot change the schema, which belongs to the administrator who runs
# `npt migrate`. Run it after the first deployment of deploy/main.bicep, after a restore, and
# whenever the password should change; then the app is restarted to pick the new URL up.
#
#   deploy/database-login.sh RESOURCE_GROUP [DEPLOYMENT_NAME]
#
# Needs az (signed in with Key Vault Secrets Officer on the vault and Contributor on the server
# and the Function App), psql and openssl.
set -euo pipefail

group=${1:?usage: deploy/database-login.sh RESOURCE_GROUP [DEPLOYMENT_NAME]}
deployment=${2:-main}

output() {
  az deployment group show --resource-group "$group" --name "$deployment" \
    --query "properties.outputs.$1.value" --output tsv
}

vault=$(output keyVaultName)
server=$(output postgresServerName)
host=$(output postgresHost)
app=$(output functionAppName)

# The server admits no address by default: open it to this machine for the length of the script.
rule="database-login-$(date +%s)"
address=$(curl --fail --silent --show-error https://api.ipify.org)
az postgres flexible-server firewall-rule create --resource-group "$group" --name "$server" \
  --rule-name "$rule" --start-ip-address "$address" --end-ip-address "$address" --output none
close() {
  az postgres flexible-server firewall-rule delete --resource-group "$group" --name "$server" \
    --rule-name "$rule" --yes --output none
}
trap close EXIT

# Stored URLs say sslmode=require; from here, also check the server's name and certificate.
export PGSSLROOTCERT=${PGSSLROOTCERT:-/etc/ssl/certs/ca-certificates.crt}
admin_url=$(az keyvault secret show --vault-name "$vault" --name npt-migration-database-url \
  --query value --output tsv)
admin_url=${admin_url/sslmode=require/sslmode=verify-full}
password=$(openssl rand -hex 32)

# npt_app's password reaches psql on standard input, never on a command line.
{
  printf '%s\n' "\\set app_password '${password}'"
  cat <<'SQL'
SELECT 'CREATE ROLE npt_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'npt_app')
\gexec
ALTER ROLE npt_app WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
GRANT CONNECT ON DATABASE npt TO npt_app;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO npt_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO npt_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO npt_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO npt_app;
SQL
} | psql "$admin_url" --quiet --no-psqlrc --set ON_ERROR_STOP=1

az keyvault secret set --vault-name "$vault" --name npt-database-url \
  --content-type "SQLAlchemy URL" --output none \
  --file <(printf '%s' "postgresql://npt_app:${password}@${host}:6432/npt?sslmode=require")

az functionapp restart --resource-group "$group" --name "$app" --output none
echo "npt_app can log in; npt-database-url is set and ${app} restarted."
