"""CloudFormation's AWS::ApiGateway::Authorizer for the open-source LocalStack, which has no
resource provider for it (it "deploys as a fallback" and the methods referencing it then fail
with "Invalid authorizer ID"). Creates the authorizer through LocalStack's own API Gateway
(CreateAuthorizer), which the open-source edition implements; TOKEN and REQUEST, as Cairn uses."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

import localstack.services.cloudformation.provider_utils as util
from localstack.services.cloudformation.resource_provider import (
    CloudFormationResourceProviderPlugin,
    OperationStatus,
    ProgressEvent,
    ResourceProvider,
    ResourceRequest,
)


class AuthorizerProperties(TypedDict, total=False):
    RestApiId: str
    Name: str
    Type: str
    AuthorizerId: str
    AuthorizerUri: str
    AuthorizerCredentials: str
    AuthorizerResultTtlInSeconds: int
    IdentitySource: str
    IdentityValidationExpression: str
    ProviderARNs: list[str]
    AuthType: str


# CloudFormation property → CreateAuthorizer parameter.
PARAMETERS = {
    "AuthorizerUri": "authorizerUri",
    "AuthorizerCredentials": "authorizerCredentials",
    "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds",
    "IdentitySource": "identitySource",
    "IdentityValidationExpression": "identityValidationExpression",
    "ProviderARNs": "providerARNs",
    "AuthType": "authType",
}


class ApiGatewayAuthorizerProvider(ResourceProvider[AuthorizerProperties]):
    TYPE = "AWS::ApiGateway::Authorizer"
    SCHEMA = util.get_schema_path(Path(__file__))

    def create(self, request: ResourceRequest[AuthorizerProperties]) -> ProgressEvent[AuthorizerProperties]:
        model = request.desired_state
        api = request.aws_client_factory.apigateway
        if not model.get("Name"):
            model["Name"] = util.generate_default_name(request.stack_name, request.logical_resource_id)
        params = {PARAMETERS[key]: value for key, value in model.items() if key in PARAMETERS}
        if "authorizerResultTtlInSeconds" in params:
            params["authorizerResultTtlInSeconds"] = int(params["authorizerResultTtlInSeconds"])
        response = api.create_authorizer(restApiId=model["RestApiId"], name=model["Name"], type=model["Type"], **params)
        model["AuthorizerId"] = response["id"]
        return ProgressEvent(status=OperationStatus.SUCCESS, resource_model=model, custom_context=request.custom_context)

    def read(self, request: ResourceRequest[AuthorizerProperties]) -> ProgressEvent[AuthorizerProperties]:
        raise NotImplementedError

    def delete(self, request: ResourceRequest[AuthorizerProperties]) -> ProgressEvent[AuthorizerProperties]:
        model = request.desired_state
        api = request.aws_client_factory.apigateway
        try:
            api.delete_authorizer(restApiId=model["RestApiId"], authorizerId=model["AuthorizerId"])
        except api.exceptions.NotFoundException:
            pass  # deleted with its REST API already
        return ProgressEvent(status=OperationStatus.SUCCESS, resource_model=model, custom_context=request.custom_context)

    def update(self, request: ResourceRequest[AuthorizerProperties]) -> ProgressEvent[AuthorizerProperties]:
        # Every property change replaces it (the stack's authorizer function is fixed per deploy).
        raise NotImplementedError


class ApiGatewayAuthorizerProviderPlugin(CloudFormationResourceProviderPlugin):
    name = "AWS::ApiGateway::Authorizer"

    def __init__(self):
        self.factory: type[ResourceProvider] | None = None

    def load(self):
        self.factory = ApiGatewayAuthorizerProvider
