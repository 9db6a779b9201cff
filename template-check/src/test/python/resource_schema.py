"""Prints the CloudFormation registry schema cfn-lint ships for one resource type (the same schema AWS publishes),
as JSON, so the Java checks can read facts such as createOnlyProperties from AWS's own description.

Usage: resource_schema.py <region> <resource type>      exit status 3: cfn-lint is not installed
"""
import json
import sys

try:
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
except ImportError as missing:
    print(f"missing Python package: {missing}", file=sys.stderr)
    sys.exit(3)

if __name__ == "__main__":
    print(json.dumps(PROVIDER_SCHEMA_MANAGER.get_resource_schema(sys.argv[1], sys.argv[2]).schema))
