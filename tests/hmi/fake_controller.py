#!/usr/bin/env python3
"""A stand-in for treadguard-controller's local API (controller/service/API.md, v1), for
screenshots only: the HMI's behaviour tests run against the real daemon
(tests/hmi/test_hmi_real_daemon.cpp). Python stdlib only.

It simulates one treadmill: a selected runner, today's plan, a session that ramps the
belt within the caps, foot strikes with cadence and loading rate, pain reports, the
"limit coming" button, stops, latched faults and heartbeats. The status, devices,
session and audit replies are the golden files captured from the real daemon
(tests/hmi/golden, see test_api_golden.cpp) with the simulated values laid over them, so
they have the daemon's keys and types.

Test-only command (not in the API): {"cmd":"fake.alarm","code":..,"latched":bool} raises
an alarm; "fake.clear" drops it.

Usage: fake_controller.py --api SOCKET [--pin 1234] [--time-scale 1] [--warm-up-s 300]
"""
import argparse
import asyncio
import copy
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


GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def golden(name):
    with open(os.path.join(GOLDEN_DIR, name + ".json")) as f:
        reply = json.load(f)
    reply.pop("ok", None)
    reply.pop("v", None)
    return reply


def utc_now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


def today():
    return time.strftime("%Y-%m-%d")


class Treadmill:
    def __init__(self, pin):
        self.pin = pin
        self.runners = [
            {"id": 1, "name": "Ana", "mass_kg": 61.0, "preferred_cadence_spm": 164.0, "injury_side": "left",
             "profile": "pfp-walk-run", "target_speed_kmh": 10.0, "target_duration_min": 30,
             "runs_per_week": 3, "notes": "patellofemoral pain, left", "metronome_muted": False},
            {"id": 2, "name": "Ben", "mass_kg": 78.0, "preferred_cadence_spm": 158.0, "injury_side": "right",
             "profile": "pfp-continuous", "target_speed_kmh": 11.0, "target_duration_min": 40,
             "runs_per_week": 4, "notes": "", "metronome_muted": False},
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
        self.stop_reason = "operator_stop"

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
        nxt = PHASES[self.phase_index + 1]["kind"] if self.phase_index + 1 < len(PHASES) else None
        return {"index": self.phase_index, "kind": p["kind"], "next": nxt,
                "elapsed_s": round(self.elapsed - self.phase_start, 1), "cap_s": p["duration_cap_s"],
                "speed_cap_kmh": p["speed_cap_kmh"], "running": p["kind"] == "run"}

    def status(self):
        moving = self.state in ("Starting", "Running", "CoolDown", "Stopping")
        stepping = moving and self.actual > 1
        cap = min(self.speed_cap, PHASES[self.phase_index]["speed_cap_kmh"]) if self.session_id else 0.0
        s = copy.deepcopy(golden("status_running")["status"])
        s.update({
            "state": self.state,
            "runner": self.runner,
            "session_id": self.session_id,
            "phase": self.phase_status(),
            "speed": {"actual_kmh": round(self.actual, 2), "commanded_kmh": round(self.actual, 2),
                      "requested_kmh": round(self.requested, 2), "cap_kmh": cap},
            "time": {"elapsed_s": round(self.elapsed, 1), "cap_s": self.duration_cap_s, "planned_s": 600},
            "step": {"side": "left", "peak_bw": 2.4, "valr_bw_s": round(self.valr, 1), "contact_s": 0.25} if stepping else None,
            "cadence": {"spm": round(self.cadence, 1) if stepping else None, "target_spm": 176.0},
            "pain": {"last": self.pain_last, "max": self.pain_last, "threshold": self.pain_threshold},
            "limit": self.limit,
            "alarms": self.alarms,
            "advice": (["Try shorter, quicker steps"] if self.cadence and self.cadence < 170 and moving else []),
            "event": None,
        })
        s["loading_rate"]["valr_bw_s"] = round(self.valr, 1) if stepping else None
        return s

    # -- simulation -----------------------------------------------------------------
    def tick(self, dt, now):
        if self.last_heartbeat is not None and now - self.last_heartbeat > 3.0 and self.state in ("Starting", "Running", "CoolDown"):
            self.raise_alarm("heartbeat_lost", "controlled_stop", "The touchscreen stopped answering",
                             "Check the screen, then press Acknowledge", True)
            self.begin_stop("client_lost")
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
            self.finish(self.stop_reason)
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

    def begin_stop(self, reason="operator_stop"):
        self.stop_reason = reason
        if self.session_id is not None:
            self.state = "Stopping"
            self.requested = 0.0

    def finish(self, reason, alarm_code=None):
        record = copy.deepcopy(golden("sessions_show_emergency_stop"))
        record["session"].update({
            "id": self.session_id, "runner": self.runner, "start_utc": utc_now(), "end_utc": utc_now(),
            "end_reason": reason, "alarm_code": alarm_code,
            "pain_free_limit_s": (self.limit or {}).get("run_s"),
            "pain_free_limit_kmh": (self.limit or {}).get("speed_kmh"),
            "max_pain": self.pain_last, "steps": self.steps, "run_time_s": round(self.elapsed, 1),
            "distance_m": 1800.0,
            "caps": {"speed_kmh": self.speed_cap, "duration_s": self.duration_cap_s, "pain_threshold": self.pain_threshold},
        })
        record.update({"steps_count": self.steps, "mean_cadence_spm": 163.5, "max_valr_bw_s": 71.2,
                       "pain": [{"t_s": 30.0, "pain": self.pain_last}] if self.pain_last is not None else [],
                       "alarms": [{"t_s": round(self.elapsed, 1), "code": a["code"], "reason": a["reason"]}
                                  for a in self.alarms]})
        self.sessions[self.session_id] = record
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
        runner = next((r for r in self.runners if r["name"] == name), self.runners[0])
        template = golden("sessions_show_emergency_stop")["session"]
        template.pop("runner", None)
        sessions = []
        day0 = time.time() - 42 * 86400
        for i in range(14):
            t = day0 + i * 3 * 86400
            start = time.strftime("%Y-%m-%dT09:00:00.000Z", time.gmtime(t))
            limit_s = 240 + i * 30 + (20 if i % 3 else -30)
            run_s = limit_s + 60
            session = copy.deepcopy(template)
            session.update({"id": i + 1, "runner_id": runner["id"], "start_utc": start,
                            "end_utc": start.replace("T09:00", "T09:30"), "end_reason": "limit_coming",
                            "alarm_code": None, "run_time_s": run_s, "pain_free_limit_s": limit_s,
                            "pain_free_limit_kmh": 7.0 + i * 0.12, "steps": int(run_s * 2.7),
                            "distance_m": run_s * 2.1, "mean_cadence_spm": 160 + i * 0.9,
                            "max_valr_bw_s": 78 - i * 1.1,
                            "max_pain": [1, 2, 0, 1, 3, 1, 0, 1, 2, 0, 1, 0, 1, 0][i]})
            sessions.append(session)
        checkins = [{"date": s["start_utc"][:10], "pain_above_baseline": s["max_pain"] > 2, "swelling": False,
                     "stiffness": s["max_pain"] > 2, "notes": ""} for s in sessions]
        return {"runner": runner, "sessions": sessions, "checkins": checkins + self.checkins}

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
        client["name"] = str(req.get("client", "unknown"))
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
            self.limit = {"run_s": round(self.elapsed, 1), "speed_kmh": round(self.actual, 1), "reason": "pain"}
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
        self.limit = {"run_s": round(self.elapsed, 1), "speed_kmh": round(self.actual, 1), "reason": "limit_coming"}
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
                self.audit.append({"who": "clinician", "client": client.get("name", "hmi"), "what": key,
                                   "old_value": str(old), "new_value": str(req[key]), "why": req["why"],
                                   "when_utc": utc_now()})
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
                              "swelling": bool(req.get("swelling")), "stiffness": bool(req.get("stiffness")),
                              "notes": str(req.get("notes", ""))})
        return {}

    def cmd_sessions_list(self, client, req):
        return {"sessions": [r["session"] for r in self.sessions.values()]}

    def cmd_sessions_show(self, client, req):
        s = self.sessions.get(req.get("session_id"))
        if s is None:
            return err("not_found", "no such session")
        return s

    def cmd_history(self, client, req):
        return self.history(req.get("runner"))

    def cmd_devices(self, client, req):
        d = copy.deepcopy(golden("devices"))
        d["devices"]["drive"]["output_hz"] = round(self.actual * 5.9, 2)
        return d

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
                self.finish("fault", req.get("code", "drive_link_lost"))
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
