#!/usr/bin/python3
"""Minimal line-JSON client for manual pokes at the controller API: api_client.py SOCK '{"cmd":..}' ..."""
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
for i, arg in enumerate(sys.argv[2:]):
    req = json.loads(arg); req.setdefault("v", 1); req["id"] = i + 1
    f.write(json.dumps(req) + "\n"); f.flush()
    while True:
        line = json.loads(f.readline())
        if line.get("id") == i + 1: print(json.dumps(line) if "--full" in sys.argv[0:1] or len(sys.argv) > 0 else ""); break
