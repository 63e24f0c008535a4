#!/usr/bin/python3
"""An independent Modbus RTU master for treadguard's wire-timing test and bus-bench:
python3-pymodbus (Debian) reading one block of holding registers back to back.

It knows nothing of our code. It prints one line of key=value figures:
  requests=N ok=N timeouts=N median_ms=X p99_ms=X wall_s=X
where each round trip is timed around one read_holding_registers call.
"""
import argparse
import logging
import statistics
import sys
import time

from pymodbus.client import ModbusSerialClient


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", required=True)
    ap.add_argument("--baud", type=int, required=True)
    ap.add_argument("--format", default="8N1")
    ap.add_argument("--unit", type=int, default=1)
    ap.add_argument("--address", type=lambda s: int(s, 0), default=0x2100)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=1.0)
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)  # a timeout is counted, not logged
    fmt = args.format
    client = ModbusSerialClient(args.port, baudrate=args.baud, bytesize=int(fmt[0]),
                                parity=fmt[1], stopbits=int(fmt[2]), timeout=args.timeout,
                                retries=0, retry_on_empty=False,
                                strict=False)  # a pty refuses pyserial's inter-byte VTIME
    if not client.connect():
        print(f"cannot open {args.port}", file=sys.stderr)
        return 2
    times = []
    timeouts = 0
    start = time.perf_counter()
    for _ in range(args.requests):
        t0 = time.perf_counter()
        reply = client.read_holding_registers(args.address, args.count, slave=args.unit)
        t1 = time.perf_counter()
        if reply.isError() or len(getattr(reply, "registers", [])) != args.count:
            timeouts += 1
        else:
            times.append((t1 - t0) * 1000.0)
    wall = time.perf_counter() - start
    client.close()
    times.sort()
    median = statistics.median(times) if times else 0.0
    p99 = times[min(len(times) - 1, len(times) * 99 // 100)] if times else 0.0
    print(f"requests={args.requests} ok={len(times)} timeouts={timeouts} "
          f"median_ms={median:.3f} p99_ms={p99:.3f} wall_s={wall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
