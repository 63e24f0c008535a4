#!/usr/bin/python3
"""An independent Modbus peer for treadguard's link tests: python3-pymodbus (Debian)
serving the Delta MS300 register block (0x2000 commands, 0x2100 status) as plain memory.

It knows nothing of our code: what our link writes, it stores; what it stores, our link
must read back. Serves TCP (--tcp PORT) or RTU on a serial device (--rtu DEVICE, e.g. one
end of a socat pty pair). Prints "ready" once listening.
"""
import argparse
import asyncio
import logging
import sys

from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext,
                                ModbusSlaveContext)
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer


def delta_context(unit):
    # Holding registers 0x0000..0x21FF; pymodbus adds 1 to addresses unless zero_mode.
    block = ModbusSequentialDataBlock(0, [0] * 0x2200)
    block.setValues(0x2100, [0, 0, 0, 0])          # error, status, freq command, output freq
    slave = ModbusSlaveContext(hr=block, ir=ModbusSequentialDataBlock(0, [0] * 16),
                               zero_mode=True)
    return ModbusServerContext(slaves={unit: slave}, single=False)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcp", type=int)
    ap.add_argument("--rtu")
    ap.add_argument("--unit", type=int, default=1)
    args = ap.parse_args()
    context = delta_context(args.unit)
    logging.basicConfig(level=logging.ERROR)
    if args.tcp is not None:
        server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", args.tcp),
                                           defer_start=True)
    else:
        server = await StartAsyncSerialServer(context=context, port=args.rtu, baudrate=115200,
                                              framer=ModbusRtuFramer, defer_start=True)
        await server.start()  # opens the serial port; TCP listens in serve_forever
    print("ready", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
