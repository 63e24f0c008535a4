#!/usr/bin/python3
"""An independent Modbus peer for the Siemens V20 map: python3-pymodbus (Debian) serving the
V20's registers with the drive's behaviour written from register-facts.md section 4, not from
treadguard's code:
  STW 40100 (wire 99): 0x047F run, 0x047E OFF1 stop, 0x047A OFF3 quick stop, bit 7 0->1 acknowledges a fault
  HSW 40101 (100): setpoint, 16384 = 100 % of P2000 (50 Hz)
  ZSW 40110 (109): b2 running, b3 fault, b5 OFF3 not active
  HIW 40111 (111 - 1 = 110): actual speed in HSW units (follows the setpoint at once)
  P2014: once process data was received, a gap longer than --telegram-off-ms trips F72.
Serves TCP on --tcp PORT; prints "ready" once listening.
"""
import argparse
import asyncio
import logging
import sys
import time

from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext,
                                ModbusSlaveContext)
from pymodbus.server import StartAsyncTcpServer

STW, HSW, ZSW, HIW = 99, 100, 109, 110
RUN, STOP, OFF3, ACK_BIT = 0x047F, 0x047E, 0x047A, 0x0080
ZSW_RUNNING, ZSW_FAULT, ZSW_OFF3_INACTIVE = 0x0004, 0x0008, 0x0020


class V20Registers(ModbusSequentialDataBlock):
    def __init__(self, telegram_off_s):
        super().__init__(0, [0] * 600)
        self.telegram_off_s = telegram_off_s
        self.last_telegram = None  # None: no process data since start-up (no F72 yet)
        self.fault = 0
        self.stw = STOP

    def _update(self):
        now = time.monotonic()
        if (self.last_telegram is not None and self.telegram_off_s > 0
                and now - self.last_telegram > self.telegram_off_s):
            self.fault = 72
        running = self.fault == 0 and self.stw == RUN
        zsw = (ZSW_RUNNING if running else 0) | (ZSW_FAULT if self.fault else 0)
        if self.stw != OFF3:
            zsw |= ZSW_OFF3_INACTIVE
        hiw = super().getValues(HSW, 1)[0] if running else 0
        super().setValues(ZSW, [zsw])
        super().setValues(HIW, [hiw])

    def getValues(self, address, count=1):
        self._update()
        if self.last_telegram is not None:
            self.last_telegram = time.monotonic()
        return super().getValues(address, count)

    def setValues(self, address, values):
        self._update()
        super().setValues(address, values)
        for i, value in enumerate(values):
            if address + i == STW:
                previous, self.stw = self.stw, value
                if value & ACK_BIT and not previous & ACK_BIT:
                    self.fault = 0
                    self.last_telegram = None
            if address + i in (STW, HSW) and self.fault == 0:
                self.last_telegram = time.monotonic()
        self._update()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tcp", type=int, required=True)
    ap.add_argument("--unit", type=int, default=1)
    ap.add_argument("--telegram-off-ms", type=int, default=300)
    args = ap.parse_args()
    registers = V20Registers(args.telegram_off_ms / 1000.0)
    slave = ModbusSlaveContext(hr=registers, zero_mode=True)
    context = ModbusServerContext(slaves={args.unit: slave}, single=False)
    logging.basicConfig(level=logging.ERROR)
    server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", args.tcp),
                                       defer_start=True)
    print("ready", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
