"""Transforms template.yaml with AWS SAM's own translator (what `sam deploy` runs server-side) and
prints the CloudFormation JSON. Local artifact paths become s3:// ones, as `sam package` would do."""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


class NoManagedPolicies:
    """The template names no managed policies by name; a lookup would need AWS credentials."""

    def load(self):
        return {}


template = yaml_parse(open(sys.argv[1]).read())
for name, resource in template["Resources"].items():
    properties = resource.get("Properties", {})
    if resource["Type"] == "AWS::Serverless::Function":
        properties["CodeUri"] = "s3://artifacts/" + name + ".jar"
    if resource["Type"] == "AWS::Serverless::LayerVersion":
        properties["ContentUri"] = "s3://artifacts/" + name + ".zip"
print(json.dumps(transform(template, {}, NoManagedPolicies())))
