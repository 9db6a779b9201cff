"""Writes template.yaml for a release directory: every function's CodeUri that names a zip Maven built
(<module>/target/<module>.zip) becomes the zip's file name, so the template and the zips beside it are all that
sam package / sam publish / sam deploy need. Everything else (comments included) is copied unchanged.

Usage: release_template.py <template.yaml> <out.yaml>
Prints the repository-relative path of each zip the template names, one a line (build/release copies them).
Exit status 2 when a CodeUri is neither an S3 location nor a built zip: the release would miss its code.
"""
import re
import sys

CODE_URI = re.compile(r"^(?P<key>\s*CodeUri:\s*)(?P<quote>['\"]?)(?P<value>[^'\"\s#]+)(?P=quote)(?P<rest>\s*(#.*)?)$")
BUILT_ZIP = re.compile(r"^(?:[\w.-]+/)*target/(?P<name>[\w.-]+\.zip)$")


def main(template_path, out_path):
    zips = []
    lines = []
    with open(template_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = CODE_URI.match(line.rstrip("\n"))
            if match and not match.group("value").startswith("s3://"):
                built = BUILT_ZIP.match(match.group("value"))
                if not built:
                    print(f"{template_path}:{number}: CodeUri {match.group('value')} is not a zip Maven builds "
                          f"(<module>/target/<name>.zip)", file=sys.stderr)
                    sys.exit(2)
                zips.append(match.group("value"))
                line = match.group("key") + built.group("name") + match.group("rest") + "\n"
            lines.append(line)
    with open(out_path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    for path in zips:
        print(path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
