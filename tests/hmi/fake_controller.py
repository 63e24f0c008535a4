#!/usr/bin/env python3
"""A stand-in for treadguard-controller's local API (controller/service/API.md, v1) so the
HMI can be developed and screenshotted before the daemon exists. Python stdlib only.

It simulates one treadmill: a selected runner, today's plan, a session that ramps the
belt within the caps, foot strikes with cadence and loading rate, pain reports, the
"limit coming" button, stops, latched faults and heartbeats. Fields the API leaves open
(plan, history, devices, session summaries) use the shapes the HMI reads.

Test-only command (not in the API): {"cmd":"fake.alarm","code":..,"latched":bool} raises
an alarm; "fake.clear" drops it.

Usage: fake_controller.py --api SOCKET [--pin 1234] [--time-scale 1] [--warm-up-s 300]
"""
import argparse
import asyncio
import json
import math
import os
import random
import time

VERSION = "fake-0.1"
PHASES = [
    {"kind": "warm_up_walk", "label": "Warm-up walk", "speed_cap_kmh": 5.0, "duration_cap_s": 300},
    {"kind": "run", "label": "Run", "speed_cap_kmh": 8.5, "duration_cap_s": 600},
    {"kind": "cool_down", "label": "Cool-down walk", "speed_cap_kmh": 4.5, "duration_cap_s": 180},
]


def today():
    return time.strftime("%Y-%m-%d")


class Treadmill:
    def __init__(self, pin):
        self.pin = pin
        self.runners = [
            {"name": "Ana", "mass_kg": 61.0, "preferred_cadence_spm": 164.0, "injury_side": "left",
             "profile": "pfp-walk-run", "target_speed_kmh": 10.0, "target_duration_min": 30,
             "runs_per_week": 3, "notes": "patellofemoral pain, left"},
            {"name": "Ben", "mass_kg": 78.0, "preferred_cadence_spm": 158.0, "injury_side": "right",
             "profile": "pfp-continuous", "target_speed_kmh": 11.0, "target_duration_min": 40,
             "runs_per_week": 4, "notes": ""},
        ]
        self.state = "Idle"
        self.runner = None
        self.session_id = None
        self.next_session = 13
        self.speed_cap = 8.5
        self.duration_cap_s = 1080
        self.pain_threshold = 2
        self.requested = 0.0
        self.actual = 0.0
        self.t0 = None
        self.elapsed = 0.0
        self.phase_index = 0
        self.phase_start = 0.0
        self.pain_last = None
        self.limit = None
        self.alarms = []
        self.sessions = {}
        self.steps = 0
        self.cadence = 0.0
        self.valr = 0.0
        self.audit = []
        self.checkins = []
        self.last_heartbeat = None
        self.events = []

    # -- plan and status -------------------------------------------------------------
    def plan(self):
        phases = []
        for p in PHASES:
            q = dict(p)
            q["reason"] = {"warm_up_walk": "5 min brisk walk before running",
                           "run": "2 symptom-free sessions at 8.0 km/h: progress to 8.5 km/h",
                           "cool_down": "easy walk to finish"}[p["kind"]]
            if p["kind"] == "run":
                q["cadence_increase"] = 0.075
                q["cadence_target_spm"] = 176.0
            phases.append(q)
        return {"date": today(), "profile": "pfp-walk-run", "rest_day": False, "decision": "progress",
                "step": {"speed_kmh": 8.5, "run_cap_s": 600, "walk_run_phase": 3},
                "pain_threshold": self.pain_threshold, "runs_per_week": 3, "planned_run_s": 600,
                "volume": {"run_s_14d": 3000, "run_s_previous_14d": 2700, "run_s_allowed_14d": 3510},
                "phases": phases,
                "reasons": ["Last two sessions were pain-free (max pain 1/10)",
                            "Next-morning check-in: no swelling, no stiffness",
                            "Running volume stays within +30% over 2 weeks"],
                "advisories": ["Cadence cue: +7.5% over your preferred 164 steps/min"]}

    def phase_status(self):
        if self.session_id is None:
            return None
        p = PHASES[self.phase_index]
        nxt = PHASES[self.phase_index + 1]["label"].lower() if self.phase_index + 1 < len(PHASES) else ""
        return {"index": self.phase_index, "kind": p["kind"], "label": p["label"], "next": nxt,
                "elapsed_s": round(self.elapsed - self.phase_start, 1), "cap_s": p["duration_cap_s"]}

    def status(self):
        moving = self.state in ("Starting", "Running", "CoolDown", "Stopping")
        cap = min(self.speed_cap, PHASES[self.phase_index]["speed_cap_kmh"]) if self.session_id else None
        return {
            "state": self.state,
            "runner": self.runner,
            "session_id": self.session_id,
            "phase": self.phase_status(),
            "speed": {"actual_kmh": round(self.actual, 2), "commanded_kmh": round(self.actual, 2),
                      "requested_kmh": round(self.requested, 2), "cap_kmh": cap},
            "time": {"elapsed_s": round(self.elapsed, 1), "cap_s": self.duration_cap_s} if self.session_id else None,
            "step": {"side": "left", "peak_bw": 2.4, "valr_bw_s": round(self.valr, 1), "contact_s": 0.25} if moving and self.actual > 1 else None,
            "cadence": {"spm": round(self.cadence, 1), "target_spm": 176.0} if moving and self.actual > 1 else None,
            "loading_rate": {"valr_bw_s": round(self.valr, 1), "advisory_bw_s": 66,
                             "method": "VALR 20-80% of impact peak, 50 Hz low-pass"} if moving and self.actual > 1 else None,
            "pain": {"last": self.pain_last, "threshold": self.pain_threshold},
            "limit": self.limit,
            "alarms": self.alarms,
            "links": {"drive": {"ok": True, "age_ms": 12}, "plate": {"ok": True, "age_ms": 3, "dropped": 0}},
            "advice": (["Try shorter, quicker steps"] if self.cadence and self.cadence < 170 and moving else []),
        }

    # -- simulation -----------------------------------------------------------------
    def tick(self, dt, now):
        if self.last_heartbeat is not None and now - self.last_heartbeat > 3.0 and self.state in ("Starting", "Running", "CoolDown"):
            self.raise_alarm("heartbeat_lost", "controlled_stop", "The touchscreen stopped answering",
                             "Check the screen, then press Acknowledge", True)
            self.begin_stop()
        if self.session_id is None or self.state in ("Stopped", "Fault", "EmergencyStop", "Idle", "Ready"):
            self.actual = max(0.0, self.actual - 3.0 * dt)
            return
        self.elapsed += dt
        p = PHASES[self.phase_index]
        if self.state == "Starting" and self.elapsed > 1.0:
            self.state = "Running"
        if self.state in ("Running", "CoolDown") and self.elapsed - self.phase_start > p["duration_cap_s"]:
            self.advance_phase()
        cap = min(self.speed_cap, PHASES[self.phase_index]["speed_cap_kmh"])
        target = 0.0 if self.state == "Stopping" else min(self.requested, cap)
        rate = 0.5 if target > self.actual else 1.0
        if self.state == "Stopping":
            rate = 2.0
        self.actual += max(-rate * dt, min(rate * dt, target - self.actual))
        if self.state == "Stopping" and self.actual <= 0.01:
            self.finish("stopped")
        if self.actual > 1.0:
            self.cadence = 160.0 + 4.0 * math.sin(now / 7.0) + random.uniform(-1.5, 1.5) + (self.actual - 8) * 2
            self.valr = 58.0 + 9.0 * math.sin(now / 5.0) + random.uniform(-3, 3)
            self.steps += int(self.cadence / 60.0 * dt + random.random())

    def advance_phase(self):
        if self.phase_index + 1 >= len(PHASES):
            self.begin_stop()
            return
        self.phase_index += 1
        self.phase_start = self.elapsed
        self.requested = PHASES[self.phase_index]["speed_cap_kmh"]
        if PHASES[self.phase_index]["kind"] == "cool_down":
            self.state = "CoolDown"

    def begin_stop(self):
        if self.session_id is not None:
            self.state = "Stopping"
            self.requested = 0.0

    def finish(self, reason):
        self.sessions[self.session_id] = {
            "id": self.session_id, "runner": self.runner, "start_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "end_reason": reason,
            "pain_free_limit_s": (self.limit or {}).get("time_s"),
            "pain_free_limit_kmh": (self.limit or {}).get("speed_kmh"),
            "max_pain": self.pain_last,
            "caps": {"speed_kmh": self.speed_cap, "duration_s": self.duration_cap_s, "pain_stop_threshold": self.pain_threshold},
            "totals": {"step_count": self.steps, "distance_m": 1800.0, "run_time_s": round(self.elapsed, 1)},
            "mean_cadence_spm": 163.5, "max_valr_bw_s": 71.2, "mean_valr_bw_s": 58.4,
        }
        self.state = "Stopped"
        self.actual = 0.0

    def raise_alarm(self, code, severity, reason, action, latched):
        if any(a["code"] == code for a in self.alarms):
            return
        alarm = {"code": code, "severity": severity, "reason": reason, "action": action, "latched": latched}
        self.alarms.append(alarm)
        self.events.append({"v": 1, "event": "alarm", "alarm": alarm})
        if latched and severity != "advisory":
            self.state = "Fault" if self.state not in ("Stopping",) else self.state

    # -- history (weeks of invented sessions for the trend plots) ---------------------
    def history(self, name):
        sessions, limits = [], []
        day0 = time.time() - 42 * 86400
        for i in range(14):
            t = day0 + i * 3 * 86400
            date = time.strftime("%Y-%m-%d", time.localtime(t))
            limit_s = 240 + i * 30 + (20 if i % 3 else -30)
            run_s = limit_s + 60
            sessions.append({"id": i + 1, "date": date, "start_utc": date + "T09:00:00Z",
                             "run_time_s": run_s, "pain_free_limit_s": limit_s, "pain_free_limit_kmh": 7.0 + i * 0.12,
                             "mean_cadence_spm": 160 + i * 0.9, "mean_valr_bw_s": 72 - i * 1.1,
                             "max_pain": [1, 2, 0, 1, 3, 1, 0, 1, 2, 0, 1, 0, 1, 0][i]})
            limits.append({"date": date, "time_s": limit_s, "speed_kmh": 7.0 + i * 0.12})
        checkins = [{"date": s["date"], "pain_above_baseline": s["max_pain"] > 2, "swelling": False,
                     "stiffness": s["max_pain"] > 2} for s in sessions]
        return {"sessions": sessions, "checkins": checkins + self.checkins, "limits": limits}

    # -- commands ---------------------------------------------------------------------
    def handle(self, client, req):
        cmd = req.get("cmd")
        if req.get("v") != 1:
            return err("version", "unsupported API version")
        if not isinstance(cmd, str):
            return err("bad_request", "'cmd' is required (string)")
        fn = getattr(self, "cmd_" + cmd.replace(".", "_"), None)
        if fn is None:
            return err("unknown_command", f"unknown command '{cmd}'")
        return fn(client, req)

    def check_pin(self, req):
        return req.get("pin") == self.pin

    def cmd_hello(self, client, req):
        client["interactive"] = bool(req.get("interactive"))
        if client["interactive"]:
            self.last_heartbeat = time.monotonic()
        return {"api_version": 1, "controller_version": VERSION}

    def cmd_heartbeat(self, client, req):
        if client.get("interactive"):
            self.last_heartbeat = time.monotonic()
        return {}

    def cmd_status(self, client, req):
        return {"status": self.status()}

    def cmd_subscribe(self, client, req):
        rate = req.get("rate_hz", 20)
        if not isinstance(rate, (int, float)) or not 1 <= rate <= 50:
            return err("bad_request", "'rate_hz' must be 1..50")
        client["rate"] = rate
        return {}

    def cmd_runners_list(self, client, req):
        return {"runners": self.runners}

    def cmd_runner_select(self, client, req):
        r = next((r for r in self.runners if r["name"] == req.get("name")), None)
        if r is None:
            return err("not_found", f"no runner named '{req.get('name')}'")
        if self.state not in ("Idle", "Ready", "Stopped"):
            return err("refused", "a session is running")
        self.runner = r["name"]
        self.state = "Ready"
        self.session_id = None
        self.limit = None
        self.pain_last = None
        return {"runner": r, "plan": self.plan()}

    def cmd_plan(self, client, req):
        p = self.plan()
        return {"plans": [p], "text": "today: progress"}

    def cmd_start(self, client, req):
        if self.state not in ("Ready", "Stopped") or self.runner is None:
            return err("refused", "choose a runner first" if self.runner is None else f"cannot start in state {self.state}")
        self.session_id = self.next_session
        self.next_session += 1
        self.state = "Starting"
        self.elapsed = 0.0
        self.phase_index = 0
        self.phase_start = 0.0
        self.requested = PHASES[0]["speed_cap_kmh"] if PHASES[0]["duration_cap_s"] > 0 else PHASES[1]["speed_cap_kmh"]
        self.steps = 0
        self.limit = None
        self.pain_last = None
        return {"session_id": self.session_id}

    def cmd_stop(self, client, req):
        self.begin_stop()
        return {}

    def cmd_emergency_stop(self, client, req):
        self.raise_alarm("emergency_stop", "emergency_stop", "STOP was pressed on the screen",
                         "Check the runner, then press Acknowledge", True)
        if self.session_id is not None:
            self.finish("emergency_stop")
        self.state = "EmergencyStop"
        self.requested = 0.0
        return {}

    def cmd_speed(self, client, req):
        kmh = req.get("kmh")
        if not isinstance(kmh, (int, float)):
            return err("bad_request", "'kmh' is required (number)")
        if self.state not in ("Starting", "Running", "CoolDown"):
            return err("refused", f"the belt is not running ({self.state})")
        cap = min(self.speed_cap, PHASES[self.phase_index]["speed_cap_kmh"])
        self.requested = max(0.0, min(float(kmh), cap))
        return {}

    def cmd_pain(self, client, req):
        level = req.get("level")
        if not isinstance(level, int) or not 0 <= level <= 10:
            return err("bad_request", "'level' is required (integer 0..10)")
        self.pain_last = level
        if level > self.pain_threshold and self.state == "Running":
            self.limit = {"time_s": round(self.elapsed, 1), "speed_kmh": round(self.actual, 1)}
            self.advance_to_cooldown()
        return {}

    def advance_to_cooldown(self):
        self.phase_index = len(PHASES) - 1
        self.phase_start = self.elapsed
        self.requested = PHASES[-1]["speed_cap_kmh"]
        self.state = "CoolDown"

    def cmd_limit(self, client, req):
        if self.state != "Running":
            return err("refused", "not running")
        self.limit = {"time_s": round(self.elapsed, 1), "speed_kmh": round(self.actual, 1)}
        self.advance_to_cooldown()
        return {}

    def cmd_fault_ack(self, client, req):
        self.alarms = [a for a in self.alarms if not a["latched"]]
        if self.state in ("Fault", "EmergencyStop"):
            self.state = "Stopped" if self.runner else "Idle"
        return {}

    def cmd_caps_set(self, client, req):
        if not self.check_pin(req):
            return err("pin", "wrong PIN")
        if not req.get("why"):
            return err("bad_request", "'why' is required")
        for key, attr in (("speed_cap_kmh", "speed_cap"), ("duration_cap_s", "duration_cap_s"), ("pain_threshold", "pain_threshold")):
            if key in req:
                old = getattr(self, attr)
                setattr(self, attr, req[key])
                self.audit.append({"who": "clinician", "what": key, "old_value": str(old), "new_value": str(req[key]), "why": req["why"],
                                   "when_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        return {}

    def cmd_profile_assign(self, client, req):
        if not self.check_pin(req):
            return err("pin", "wrong PIN")
        return {}

    def cmd_pin_set(self, client, req):
        if self.pin and req.get("old_pin") != self.pin:
            return err("pin", "wrong PIN")
        self.pin = req.get("new_pin")
        return {}

    def cmd_checkin(self, client, req):
        if not isinstance(req.get("runner"), str):
            return err("bad_request", "'runner' is required (string)")
        self.checkins.append({"date": req.get("date", today()), "pain_above_baseline": bool(req.get("pain_above_baseline")),
                              "swelling": bool(req.get("swelling")), "stiffness": bool(req.get("stiffness"))})
        return {}

    def cmd_sessions_list(self, client, req):
        return {"sessions": list(self.sessions.values())}

    def cmd_sessions_show(self, client, req):
        s = self.sessions.get(req.get("session_id"))
        if s is None:
            return err("not_found", "no such session")
        return {"session": s, "steps_count": s["totals"]["step_count"], "pain": [{"t_s": 30.0, "pain": s["max_pain"] or 0}]}

    def cmd_history(self, client, req):
        return self.history(req.get("runner"))

    def cmd_devices(self, client, req):
        return {"links": {"drive": {"ok": True, "device": "Delta MS300 (sim)", "endpoint": "tcp:127.0.0.1:1502",
                                    "requests": 48211, "errors": 3, "timeouts": 1, "reconnects": 0, "last_rtt_ms": 4.1, "age_ms": 12},
                          "plate": {"ok": True, "device": "DGT4X (sim)", "endpoint": "tcp:127.0.0.1:1502",
                                    "requests": 480002, "errors": 0, "timeouts": 0, "reconnects": 0, "dropped": 0, "last_rtt_ms": 1.2, "age_ms": 3}},
                "drive": {"state": "stopped" if self.actual == 0 else "running", "fault_code": 0, "output_hz": round(self.actual * 5.9, 2)},
                "calibration": {"cells": [{"gain": 1.0, "offset_n": 0.0} for _ in range(4)], "tare_n": 412.0,
                                "calibrated_utc": "2025-01-10T08:00:00Z", "known_weight_kg": 20.0}}

    def cmd_audit(self, client, req):
        if not self.check_pin(req):
            return err("pin", "wrong PIN")
        return {"entries": self.audit}

    def cmd_plate_tare(self, client, req):
        if not self.check_pin(req):
            return err("pin", "wrong PIN")
        return {"message": "tared over 1000 samples; saved to plate-calibration.toml"}

    def cmd_plate_calibrate(self, client, req):
        if not self.check_pin(req):
            return err("pin", "wrong PIN")
        return {"message": "calibrated with %.1f kg; saved to plate-calibration.toml" % float(req.get("mass_kg", 0))}

    def cmd_fake_alarm(self, client, req):
        latched = bool(req.get("latched", True))
        sev = req.get("severity", "controlled_stop" if latched else "advisory")
        self.raise_alarm(req.get("code", "drive_link_lost"), sev,
                         req.get("reason", "The drive stopped answering for 250 ms"),
                         req.get("action", "Check the RS-485 cable to the drive, then press Acknowledge"), latched)
        if latched:
            self.begin_stop()
            self.actual = 0.0
            if self.session_id is not None:
                self.finish("fault:" + req.get("code", "drive_link_lost"))
            self.state = "Fault"
        return {}

    def cmd_fake_clear(self, client, req):
        self.alarms = []
        return {}


def err(code, message):
    return {"__error__": {"code": code, "message": message}}


async def serve(args):
    PHASES[0]["duration_cap_s"] = args.warm_up_s
    mill = Treadmill(args.pin)
    clients = []

    async def on_client(reader, writer):
        client = {"writer": writer, "rate": None, "interactive": False, "next": 0.0}
        clients.append(client)
        try:
            while True:
                try:
                    line = await reader.readuntil(b"\n")
                except asyncio.LimitOverrunError:
                    writer.write(json.dumps({"v": 1, "ok": False, "error": {"code": "oversized", "message": "line over 64 KiB"}}).encode() + b"\n")
                    break
                except asyncio.IncompleteReadError:
                    break
                try:
                    req = json.loads(line)
                    if not isinstance(req, dict):
                        raise ValueError
                except ValueError:
                    writer.write(b'{"v":1,"ok":false,"error":{"code":"bad_json","message":"not a JSON object"}}\n')
                    continue
                body = mill.handle(client, req)
                reply = {"v": 1, "id": req.get("id")}
                if "__error__" in body:
                    reply.update({"ok": False, "error": body["__error__"]})
                else:
                    reply.update({"ok": True, **body})
                writer.write(json.dumps(reply).encode() + b"\n")
                await writer.drain()
        finally:
            clients.remove(client)
            writer.close()

    path = args.api
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    server = await asyncio.start_unix_server(on_client, path=path, limit=64 * 1024)
    print(f"fake-controller ready api={path}", flush=True)
    last = time.monotonic()
    while True:
        await asyncio.sleep(0.02)
        now = time.monotonic()
        mill.tick((now - last) * args.time_scale, now)
        last = now
        status = None
        for c in list(clients):
            out = b""
            for e in mill.events:
                out += json.dumps(e).encode() + b"\n"
            if c["rate"] and now >= c["next"]:
                c["next"] = now + 1.0 / c["rate"]
                status = status or json.dumps({"v": 1, "event": "status", "status": mill.status()}).encode() + b"\n"
                out += status
            if out:
                try:
                    c["writer"].write(out)
                except Exception:
                    pass
        mill.events.clear()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--pin", default="1234")
    ap.add_argument("--time-scale", type=float, default=1.0)
    ap.add_argument("--warm-up-s", type=int, default=300, help="length of the warm-up walk")
    args = ap.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
