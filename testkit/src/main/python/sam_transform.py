"""Transforms template.yaml with aws-sam-translator, the library CloudFormation's SAM transform is built from,
and writes what the Java checks assert on as one JSON document:

  {"template": <template.yaml as parsed>, "transformed": <generated CloudFormation>, "samconfig": <samconfig.toml>,
   "scenarios": {<name>: <generated CloudFormation for those parameter values>, ...}}

Usage: sam_transform.py <template.yaml> <samconfig.toml> <out.json> [<name>=<parameter values as JSON> ...]

The SAM transform resolves a few parameters itself (e.g. an authorizer's ReauthorizeEvery); CloudFormation hands it
the stack's parameter values as strings, so scenarios should pass strings too.

Local CodeUri paths (the zips Maven builds) are replaced by s3://tokengate-codeuri/<path>, as `sam deploy` replaces
them by the uploaded object: the translator accepts only S3 locations, and the key keeps the path traceable.
Exit status 3 means a Python package is missing.
"""
import copy
import json
import os
import sys

try:
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser, installed as tomli (build/python-requirements.txt)
        import tomli as tomllib
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse
except ImportError as missing:  # the Java side turns this into an install hint
    print(f"missing Python package: {missing}", file=sys.stderr)
    sys.exit(3)

CODE_BUCKET = "tokengate-codeuri"


def with_s3_code(template):
    resources = template.get("Resources", {})
    for resource in resources.values():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource.get("Properties", {})
        code_uri = properties.get("CodeUri")
        if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
            properties["CodeUri"] = f"s3://{CODE_BUCKET}/{code_uri}"
    return template


def main(template_path, samconfig_path, out_path, *scenario_specs):
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    with open(samconfig_path, "rb") as f:
        samconfig = tomllib.load(f)

    # The region only names ARNs' partition; nothing here talks to AWS.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    scenarios = {}
    for spec in scenario_specs:
        name, _, values = spec.partition("=")
        scenarios[name] = transform(template, json.loads(values))
    document = {"template": template, "transformed": transform(template, {}), "samconfig": samconfig,
                "scenarios": scenarios}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, default=str)


def transform(template, parameter_values):
    translator = Translator(managed_policy_map={}, sam_parser=Parser())
    return translator.translate(
        sam_template=with_s3_code(copy.deepcopy(template)),
        parameter_values=dict(parameter_values),
        get_managed_policy_map=lambda: {},
    )


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
