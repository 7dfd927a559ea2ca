"""A LocalStack Lambda runtime executor that runs each execution environment as a local Node.js
process instead of a Docker container (LocalStack's open-source Lambda needs Docker otherwise).

Selected with LAMBDA_RUNTIME_EXECUTOR=cairn-process; registered as the plugin `cairn-process` in
LocalStack's `localstack.lambda.runtime_executor` namespace by this package's entry point. Test
tooling of Cairn: it runs Node.js functions with a zip package only, which is all Cairn deploys.

Configuration (environment of the LocalStack process):
  CAIRN_LAMBDA_NODE      the Node.js binary the functions run on (the stack's Node.js major)
  CAIRN_LAMBDA_SDK_ROOT  a folder whose node_modules holds the AWS SDK the runtime provides
"""

import logging
import os
import subprocess
import threading
from collections import deque

from localstack import config
from localstack.services.lambda_.invocation.executor_endpoint import ExecutorEndpoint
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin
from localstack.services.lambda_.invocation.runtime_executor import (
    LambdaRuntimeException,
    RuntimeExecutor,
)
from localstack.utils.net import get_free_tcp_port

LOG = logging.getLogger(__name__)
# The LocalStack whose internals this package uses (its executor interface, the REST gateway's
# handler chain, CloudFormation's resource providers); install.sh refuses any other.
TESTED_WITH = "4.13.1"
HERE = os.path.dirname(os.path.abspath(__file__))
ENVIRONMENT_SCRIPT = os.path.join(HERE, "environment.mjs")
# What an environment keeps of its output for get_logs, in lines.
LOG_LINES = 2000
# The variables of the LocalStack process an environment inherits (no credentials, no config).
INHERITED = ("PATH", "HOME", "LANG", "TMPDIR")


class ProcessRuntimeExecutor(RuntimeExecutor):
    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self.port = get_free_tcp_port()
        self.executor_endpoint = ExecutorEndpoint(
            self.id, container_address="127.0.0.1", container_port=self.port
        )
        self.process: subprocess.Popen | None = None
        self.output: deque[str] = deque(maxlen=LOG_LINES)
        self.current_request: str | None = None
        self.stopping = False

    def start(self, env_vars: dict[str, str]) -> None:
        runtime = self.function_version.config.runtime or ""
        if not runtime.startswith("nodejs"):
            raise LambdaRuntimeException(f"cairn-process runs Node.js functions only, not '{runtime}'")
        self.executor_endpoint.start()
        code = str(self.function_version.config.code.get_unzipped_code_location())
        sdk_root = os.environ.get("CAIRN_LAMBDA_SDK_ROOT", "")
        env = {name: os.environ[name] for name in INHERITED if name in os.environ}
        env.update({name: str(value) for name, value in env_vars.items()})
        env.update(
            {
                "LAMBDA_TASK_ROOT": code,
                "CAIRN_INVOKE_PORT": str(self.port),
                "CAIRN_LAMBDA_SDK_ROOT": sdk_root,
                "NODE_PATH": os.path.join(sdk_root, "node_modules") if sdk_root else "",
                "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
            }
        )
        self.process = subprocess.Popen(
            [os.environ.get("CAIRN_LAMBDA_NODE", "node"), ENVIRONMENT_SCRIPT],
            cwd=code,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._watch, daemon=True, name=f"lambda-{self.id}").start()
        self.executor_endpoint.wait_for_startup()

    def _watch(self) -> None:
        """Keeps the output; an exit reports a startup that never came, or the invocation in flight."""
        process = self.process
        for line in process.stdout:
            self.output.append(line)
            LOG.debug("[%s] %s", self.function_version.id.function_name, line.rstrip())
        code = process.wait()
        if self.stopping:
            return
        error = (
            '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: %s Error: Runtime exited with error: exit status %d"}'
            % (self.current_request or "", code)
        )
        startup = self.executor_endpoint.startup_future
        if startup is not None and not startup.done():
            startup.set_exception(LambdaRuntimeException(f"Environment exited with {code} before it was ready"))
        invocation = self.executor_endpoint.invocation_future
        if invocation is not None and not invocation.done():
            invocation.set_result(
                InvocationResult(self.current_request or "", error.encode(), is_error=True, logs="".join(self.output))
            )

    def stop(self) -> None:
        self.stopping = True
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:
            self.executor_endpoint.shutdown()
        except Exception as e:  # noqa: BLE001 - as the Docker executor: a failed shutdown is logged
            LOG.debug("Error while stopping the executor endpoint of %s: %s", self.id, e)

    def get_address(self) -> str:
        return "127.0.0.1"

    def get_endpoint_from_executor(self) -> str:
        return "127.0.0.1"

    def get_runtime_endpoint(self) -> str:
        port = config.GATEWAY_LISTEN[0].port
        return f"http://127.0.0.1:{port}{self.executor_endpoint.get_endpoint_prefix()}"

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        self.current_request = payload.get("invoke-id")
        return self.executor_endpoint.invoke(payload)

    def get_logs(self) -> str:
        return "".join(self.output)

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        node = os.environ.get("CAIRN_LAMBDA_NODE", "node")
        if node != "node" and not os.access(node, os.X_OK):
            LOG.warning("cairn-process: CAIRN_LAMBDA_NODE=%s is not an executable", node)
            return False
        return True


class ProcessRuntimeExecutorPlugin(RuntimeExecutorPlugin):
    name = "cairn-process"

    def load(self, *args, **kwargs):
        return ProcessRuntimeExecutor


class _ExecutorInfo:
    """`GET /_cairn/lambda-executor`: which executor runs this LocalStack's functions, so that
    `npm run deploy:localstack` knows it may deploy them without a Docker engine."""

    from localstack.http import route as _route

    @_route("/_cairn/lambda-executor", methods=["GET"])
    def executor(self, request):
        from localstack.http import Response

        return Response.for_json({"executor": config.LAMBDA_RUNTIME_EXECUTOR or "docker"})


def register_executor_info():
    from localstack.services.edge import ROUTER

    ROUTER.add(_ExecutorInfo())
