-- expect: error E_SYNTAX
{"name": "x", "run": "rm -rf /"}
