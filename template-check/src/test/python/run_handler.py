"""Runs a Python Lambda handler from a directory, once per event, the way Lambda calls it (module index, function
handler), without a context object (the config digest never reads it).

Usage: run_handler.py <code dir> <events.json: a JSON array of events>
"""
import json
import sys

if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    import index  # noqa: E402  (the inline code, written as index.py)

    with open(sys.argv[2], encoding="utf-8") as f:
        for event in json.load(f):
            try:
                index.handler(event, None)
            except Exception as error:  # the test reads what reached the response URL, and this line
                print(f"HANDLER RAISED {type(error).__name__}: {error}")
