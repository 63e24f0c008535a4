#!/usr/bin/python3
"""Pokes the controller API by hand: api_client.py SOCKET '{"cmd":"status"}' ... (one reply each)."""
import json
import socket
import sys

sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
stream = sock.makefile("rw")
for number, text in enumerate(sys.argv[2:], start=1):
    request = json.loads(text)
    request.setdefault("v", 1)
    request["id"] = number
    stream.write(json.dumps(request) + "\n")
    stream.flush()
    while True:
        reply = json.loads(stream.readline())
        if reply.get("id") == number:
            print(json.dumps(reply))
            break
