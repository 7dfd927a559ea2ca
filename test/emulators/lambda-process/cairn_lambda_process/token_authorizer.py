"""Lambda authorizers on the open-source LocalStack's REST APIs, as far as Cairn uses them.

The open-source API Gateway keeps a method's CUSTOM authorizer but never runs it: the integration
is called with no principal. This handler, appended to the REST API gateway's `preprocess_request`
chain (its documented extension point) when LocalStack starts, does what API Gateway does for a
TOKEN authorizer: reads the identity source header (401 Unauthorized without it), invokes the
authorizer function with `{"type":"TOKEN","authorizationToken","methodArn"}`, answers 401 when
it fails with "Unauthorized", 500 (AuthorizerFailure) for any other failure or a malformed answer,
403 when its policy does not allow `execute-api:Invoke` on the method, and otherwise passes
`principalId` and the answer's `context` to the integration as `requestContext.authorizer`.
Answers are cached per token for the authorizer's TTL, as API Gateway caches them. REQUEST
authorizers and Cognito are not emulated (Cairn's REST API uses neither).
"""

from __future__ import annotations

import fnmatch
import json
import logging
import threading
import time

from localstack.aws.connect import connect_to
from localstack.services.apigateway.next_gen.execute_api import handlers
from localstack.services.apigateway.next_gen.execute_api.gateway_response import (
    AccessDeniedError,
    AuthorizerFailureError,
    UnauthorizedError,
)
from localstack.runtime import hooks

LOG = logging.getLogger(__name__)
_cache: dict[tuple[str, str], tuple[float, dict]] = {}
_lock = threading.Lock()


def _function_arn(authorizer_uri: str) -> str:
    # arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations
    return authorizer_uri.split("/functions/", 1)[1].rsplit("/invocations", 1)[0]


def _method_arn(context) -> str:
    variables = context.context_variables
    path = context.invocation_request.get("path") or "/"
    return (
        f"arn:aws:execute-api:{context.region}:{context.account_id}:{context.api_id}/"
        f"{context.stage}/{variables.get('httpMethod', '')}{path}"
    )


def _allows(policy: dict, method_arn: str) -> bool:
    statements = policy.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]

    def matches(statement: dict) -> bool:
        actions = statement.get("Action") or []
        resources = statement.get("Resource") or []
        actions = [actions] if isinstance(actions, str) else actions
        resources = [resources] if isinstance(resources, str) else resources
        acts = any(fnmatch.fnmatchcase("execute-api:Invoke", action) for action in actions)
        return acts and any(fnmatch.fnmatchcase(method_arn, resource) for resource in resources)

    denied = any(s.get("Effect") == "Deny" and matches(s) for s in statements)
    allowed = any(s.get("Effect") == "Allow" and matches(s) for s in statements)
    return allowed and not denied


def _invoke(authorizer: dict, token: str, method_arn: str, region: str) -> dict:
    client = connect_to(region_name=region).lambda_
    answer = client.invoke(
        FunctionName=_function_arn(authorizer["authorizerUri"]),
        Payload=json.dumps({"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn}),
    )
    payload = answer["Payload"].read()
    if answer.get("FunctionError"):
        message = json.loads(payload or b"{}").get("errorMessage", "")
        if message == "Unauthorized":
            raise UnauthorizedError("Unauthorized")
        LOG.warning("authorizer failed: %s", payload[:500])
        raise AuthorizerFailureError("Authorizer error", status_code=500)
    result = json.loads(payload)
    if not isinstance(result, dict) or not isinstance(result.get("policyDocument"), dict):
        raise AuthorizerFailureError("Authorizer error", status_code=500)
    return result


def lambda_token_authorizer(chain, context, response) -> None:
    method = context.resource_method or {}
    if method.get("authorizationType") != "CUSTOM":
        return
    authorizer = (context.deployment.rest_api.authorizers or {}).get(method.get("authorizerId"))
    if not authorizer or authorizer.get("type") != "TOKEN":
        return  # REQUEST authorizers are not emulated
    source = authorizer.get("identitySource") or "method.request.header.Authorization"
    header = source.removeprefix("method.request.header.")
    token = context.invocation_request["headers"].get(header)
    if not token:
        raise UnauthorizedError("Unauthorized")
    method_arn = _method_arn(context)
    ttl = int(authorizer.get("authorizerResultTtlInSeconds") or 0)
    key = (authorizer["id"], token)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
    if cached and cached[0] > now:
        result = cached[1]
    else:
        result = _invoke(authorizer, token, method_arn, context.region)
        if ttl > 0:
            with _lock:
                _cache[key] = (now + ttl, result)
    if not _allows(result["policyDocument"], method_arn):
        raise AccessDeniedError("User is not authorized to access this resource with an explicit deny")
    passed = {key: str(value) for key, value in (result.get("context") or {}).items()}
    context.context_variables["authorizer"] = {"principalId": str(result.get("principalId", "")), **passed}


@hooks.on_infra_start()
def register_lambda_token_authorizer():
    if lambda_token_authorizer not in handlers.preprocess_request.handlers:
        handlers.preprocess_request.append(lambda_token_authorizer)
    from . import register_executor_info

    register_executor_info()
