#!/usr/bin/env python3
"""A Modbus TCP proxy that can corrupt the MBAP header of replies.

Sits between a Modbus TCP master and a server (treadguard-sim). Every reply from the server
is forwarded whole; before forwarding, the header is rewritten according to the mode held
in MODE_FILE, read again for every reply so a test can switch modes while connected:
  pass      forward unchanged
  tid       transaction id + 1
  protocol  protocol id set to 1
  unit      unit id + 1
  data      first register of a read reply (function 03) inverted: a device that answers
            with other values than the server's, header intact
Prints "ready port=N" once listening (N is the port it chose when --listen-port is 0).
"""
import argparse
import asyncio
import sys

HEADER = 7  # transaction id (2), protocol id (2), length (2), unit id (1)


def read_mode(path):
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip() or "pass"
    except OSError:
        return "pass"


def mutate(adu, mode):
    b = bytearray(adu)
    if mode == "tid":
        tid = ((b[0] << 8) | b[1]) + 1 & 0xFFFF
        b[0], b[1] = tid >> 8, tid & 0xFF
    elif mode == "protocol":
        b[2], b[3] = 0, 1
    elif mode == "unit":
        b[6] = (b[6] + 1) & 0xFF
    elif mode == "data" and len(b) >= 11 and b[7] == 0x03:
        b[9] ^= 0xFF
        b[10] ^= 0xFF
    return bytes(b)


async def pump_replies(server_reader, client_writer, mode_file):
    # Replies are re-framed by their MBAP length so each one is mutated exactly once.
    while True:
        header = await server_reader.readexactly(HEADER)
        length = (header[4] << 8) | header[5]
        body = await server_reader.readexactly(max(length - 1, 0))
        client_writer.write(mutate(header + body, read_mode(mode_file)))
        await client_writer.drain()


async def pump_requests(client_reader, server_writer):
    while True:
        data = await client_reader.read(4096)
        if not data:
            return
        server_writer.write(data)
        await server_writer.drain()


async def handle(client_reader, client_writer, args):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", args.server_port)
    except OSError:
        client_writer.close()
        return
    tasks = [
        asyncio.ensure_future(pump_requests(client_reader, server_writer)),
        asyncio.ensure_future(pump_replies(server_reader, client_writer, args.mode_file)),
    ]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()
        for w in (server_writer, client_writer):
            w.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen-port", type=int, default=0)
    parser.add_argument("--server-port", type=int, required=True)
    parser.add_argument("--mode-file", required=True)
    args = parser.parse_args()
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, args), "127.0.0.1", args.listen_port
    )
    port = server.sockets[0].getsockname()[1]
    print(f"ready port={port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
