#!/usr/bin/env python3
"""Open the seeds' HTML report in headless Chromium as a reviewer would, and check it.

    python scripts/check_report.py                    # scan seeds/ (all judges) and check its report
    python scripts/check_report.py --fast             # the same without the NLI judge (seconds, not minutes)
    python scripts/check_report.py report.html        # check a report already written (e.g. by make seeds)
    python scripts/check_report.py --out shots/       # where the screenshots go (default /tmp)

Drives Chromium (Debian package ``chromium``) over the DevTools protocol on a pipe (no network, no
extra package): screenshots at a desktop (1366x900) and a phone (390x844) width, then checks in the
live DOM that each finding shows two sides with outlet and highlighted sentence, that numeric
findings highlight their figures, that the filters are there and that applying each one changes the
visible count to what the findings' data says it should be, that j/k and d work, and that the sides
sit next to each other on a laptop and stack on a phone without sideways scrolling.  Prints the
figures; exits 1 on any failed check, 2 when the report cannot be made, 0 (saying so) when Chromium
is not installed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = (1366, 900)
PHONE = (390, 844)


class CDP:
    """A minimal DevTools-protocol client over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, NUL-framed)."""

    def __init__(self, browser: str, profile: str) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def child_fds() -> None:  # Chromium reads commands on fd 3 and writes replies on fd 4
            os.dup2(0, 3)
            os.dup2(1, 4)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)

        args = [browser, "--headless=new", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--allow-file-access-from-files",
                f"--user-data-dir={profile}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.proc = subprocess.Popen(args, stdin=to_browser_r, stdout=from_browser_w, stderr=subprocess.DEVNULL,
                                     preexec_fn=child_fds, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def _read_message(self, timeout: float) -> dict:
        import select

        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 30.0) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message(timeout)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for n, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(n)
            self.events.append(self._read_message(max(0.1, deadline - time.monotonic())))

    def open_page(self) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text')} "
                               f"{result['exceptionDetails'].get('exception', {}).get('description', '')}")
        return result["result"].get("value")

    def navigate(self, url: str, width: int, height: int, mobile: bool) -> None:
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": mobile})
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def key(self, key: str) -> None:
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "text": key})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key})

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict = {"format": "png"}
        if full_page:
            width, height = self.evaluate("[document.documentElement.scrollWidth, "
                                          "document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": height,
                                                            "scale": 1})
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)


# What the page shows, read from the live DOM.
CARDS_JS = """(() => [...document.querySelectorAll('article.finding')].map(c => ({
  id: c.dataset.id, type: c.dataset.type, score: parseFloat(c.dataset.score), hidden: c.hidden,
  verdict: c.dataset.verdict, outlets: [c.dataset.outletLeft, c.dataset.outletRight], search: c.dataset.search,
  sides: [...c.querySelectorAll('.sides > .side')].map(s => {
    const r = s.getBoundingClientRect();
    return {outlet: (s.querySelector('.outlet') || {}).textContent || '',
            sentences: s.querySelectorAll('mark.sent').length,
            context: (s.querySelector('.context') || {}).textContent || '',
            figs: [...s.querySelectorAll('mark.fig')].map(m => m.textContent),
            cues: [...s.querySelectorAll('mark.cue')].map(m => m.textContent),
            box: [r.left, r.top, r.right, r.bottom]};
  })})))()"""
STATE_JS = """(() => ({visible: window.contradictReport.visibleCount(),
  count: document.getElementById('count').textContent,
  current: window.contradictReport.current(), overflow: document.documentElement.scrollWidth - window.innerWidth,
  controls: {types: document.querySelectorAll('#filters input[name=type]').length,
             outlet: !!document.getElementById('f-outlet'), score: !!document.getElementById('f-score'),
             search: !!document.getElementById('f-search'), status: !!document.getElementById('f-status'),
             export: !!document.getElementById('export')}}))()"""
RESET_JS = """(() => { const f = document.getElementById('filters'); f.reset();
  document.getElementById('f-status').value = 'open'; window.contradictReport.apply(); return true; })()"""


def set_control(cdp: CDP, js: str) -> dict:
    cdp.evaluate(f"(() => {{ {js}; }})()")
    return cdp.evaluate(STATE_JS)


class Checks:
    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed = 0

    def __call__(self, ok: bool, what: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print(f"  FAIL {what}")
        return ok


def check_page(cdp: CDP, url: str, out: Path, check: Checks) -> None:
    # Desktop: screenshots, then the structure, the filters and the keys.
    cdp.navigate(url, *DESKTOP, mobile=False)
    cdp.evaluate("localStorage.clear(), true")
    cdp.navigate(url, *DESKTOP, mobile=False)
    cdp.screenshot(out / "report-desktop.png")
    cdp.screenshot(out / "report-desktop-full.png", full_page=True)
    cards = cdp.evaluate(CARDS_JS)
    state = cdp.evaluate(STATE_JS)
    open_cards = [c for c in cards if c["verdict"] != "dismissed"]
    print(f"findings in the page: {len(cards)} ({', '.join(sorted({c['type'] for c in cards}))}); "
          f"shown by default: {state['visible']} - '{state['count']}'")
    check(len(cards) > 0, "the page has findings")
    check(state["visible"] == len(open_cards), f"default view shows the {len(open_cards)} findings not dismissed")
    for c in cards:
        sides = c["sides"]
        check(len(sides) == 2 and all(s["outlet"] for s in sides), f"{c['id']}: two sides, each with its outlet")
        check(all(s["sentences"] == 1 for s in sides), f"{c['id']}: the sentence highlighted on both sides")
        check(all(len(s["context"]) > 0 for s in sides), f"{c['id']}: sentence text shown in its context")
        if c["type"] in ("numeric", "update"):
            check(all(s["figs"] for s in sides), f"{c['id']}: the compared figures highlighted on both sides")
        else:
            check(any(s["figs"] or s["cues"] for s in sides), f"{c['id']}: the words that conflict highlighted")
        if not c["hidden"]:
            left, right = sides[0]["box"], sides[1]["box"]
            check(abs(left[1] - right[1]) < 2 and right[0] >= left[2],
                  f"{c['id']}: at desktop width the sides sit next to each other")
    figs = [f"{c['sides'][0]['figs']} / {c['sides'][1]['figs']}" for c in cards if c["type"] == "numeric"]
    print(f"highlighted figures (numeric findings): {'; '.join(figs) or 'none'}")
    controls = state["controls"]
    check(all(controls.values()) and controls["types"] == len({c["type"] for c in cards}),
          f"filters present: {controls}")

    def expect(label: str, after: dict, wanted: int) -> None:
        print(f"filter {label}: {state['visible']} -> {after['visible']} visible (expected {wanted}); "
              f"'{after['count']}'")
        check(after["visible"] == wanted, f"filter {label}: {after['visible']} visible, expected {wanted}")
        check(after["count"].startswith(f"{wanted} of "), f"filter {label}: the count follows ('{after['count']}')")
        cdp.evaluate(RESET_JS)

    changed = 0
    common = max(sorted({c["type"] for c in open_cards}), key=lambda t: sum(c["type"] == t for c in open_cards))
    wanted = sum(c["type"] != common for c in open_cards)
    after = set_control(cdp, f"document.querySelector('#filters input[name=type][value=\"{common}\"]').click()")
    expect(f"type without {common}", after, wanted)
    changed += after["visible"] != state["visible"]
    scores = sorted({c["score"] for c in open_cards})
    if len(scores) > 1:
        threshold = round((scores[0] + scores[-1]) / 2 / 0.05) * 0.05
        threshold = min(max(threshold, scores[0] + 1e-6), scores[-1])
        step = f"{threshold:.2f}"
        wanted = sum(c["score"] + 1e-9 >= float(step) for c in open_cards)
        after = set_control(cdp, f"const s = document.getElementById('f-score'); s.value = '{step}'; "
                                 "s.dispatchEvent(new Event('input', {bubbles: true}))")
        expect(f"min score {step}", after, wanted)
        changed += after["visible"] != state["visible"]
    outlets = sorted({o for c in open_cards for o in c["outlets"]},
                     key=lambda o: (sum(o in c["outlets"] for c in open_cards), o))
    outlet = outlets[0]
    wanted = sum(outlet in c["outlets"] for c in open_cards)
    after = set_control(cdp, f"const s = document.getElementById('f-outlet'); s.value = {json.dumps(outlet)}; "
                             "s.dispatchEvent(new Event('change', {bubbles: true}))")
    expect(f"outlet {outlet!r}", after, wanted)
    changed += after["visible"] != state["visible"]
    # The search as a person types it: '/' focuses the box, then the words.
    words = "at least four"
    cdp.key("/")
    cdp.send("Input.insertText", {"text": words})
    after = cdp.evaluate(STATE_JS)
    expect(f"search {words!r}", after, sum(all(w in c["search"] for w in words.split()) for c in open_cards))
    changed += after["visible"] != state["visible"]
    cdp.evaluate("document.activeElement.blur(), true")
    check(changed > 0, "applying a filter changes the visible count")

    # Keys: j chooses the first finding, d dismisses it (it leaves the default view), export has the line.
    cdp.key("j")
    first = cdp.evaluate(STATE_JS)["current"]
    check(first == open_cards[0]["id"], f"j selects the first finding ({first})")
    cdp.key("j")
    cdp.key("k")
    check(cdp.evaluate(STATE_JS)["current"] == first, "j then k comes back to it")
    cdp.key("d")
    after = cdp.evaluate(STATE_JS)
    exported = [json.loads(line) for line in cdp.evaluate("window.contradictReport.exportText()").splitlines()]
    print(f"keys j, d: {state['visible']} -> {after['visible']} visible; export: {exported}")
    check(after["visible"] == state["visible"] - 1, "d dismisses the chosen finding and hides it")
    check(len(exported) == 1 and exported[0]["finding_id"] == first and exported[0]["verdict"] == "dismissed"
          and list(exported[0]) == ["finding_id", "verdict", "note", "reviewer", "time"],
          "export holds the new verdict in the verdicts file's format")
    check(after["current"] not in (None, first), "the next finding is chosen after a dismissal")
    cdp.evaluate("localStorage.clear(), true")

    # Phone: stacked sides, no sideways scrolling.
    cdp.navigate(url, *PHONE, mobile=True)
    cdp.screenshot(out / "report-phone.png")
    cards = cdp.evaluate(CARDS_JS)
    state = cdp.evaluate(STATE_JS)
    print(f"phone {PHONE[0]}x{PHONE[1]}: {state['visible']} visible, horizontal overflow {state['overflow']} px")
    check(state["overflow"] <= 0, f"no sideways scrolling at phone width (overflow {state['overflow']} px)")
    for c in cards:
        if not c["hidden"]:
            left, right = c["sides"][0]["box"], c["sides"][1]["box"]
            check(right[1] >= left[3] - 1, f"{c['id']}: at phone width the sides are stacked")


def make_report(work: Path, fast: bool) -> Path:
    findings, report = work / "flagged.jsonl", work / "report.html"
    command = [sys.executable, "-m", "contradict", "scan", str(ROOT / "seeds"), "-o", str(findings),
               "--html", str(report), "--quiet", "--top", "0"] + (["--no-nli"] if fast else [])
    print("$ " + " ".join(command[1:]), flush=True)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 3) or not report.exists():
        raise SystemExit(f"error: the seeds scan failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", nargs="?", type=Path, help="a report.html to check (default: make one from seeds/)")
    ap.add_argument("--out", type=Path, default=Path("/tmp"), help="directory for the screenshots (default /tmp)")
    ap.add_argument("--fast", action="store_true", help="scan the seeds without the NLI judge")
    ap.add_argument("--browser", default=None, help="the Chromium binary (default: chromium on PATH)")
    args = ap.parse_args(argv)
    browser = args.browser or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("check_report: SKIPPED - no chromium on PATH (Debian: apt-get install chromium); nothing checked")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="check-report-") as tmp:
        report = args.report.resolve() if args.report else make_report(Path(tmp), args.fast)
        if not report.is_file():
            print(f"error: {report}: no such report", file=sys.stderr)
            return 2
        print(f"report: {report} ({report.stat().st_size:,} bytes)")
        check = Checks()
        cdp = CDP(browser, str(Path(tmp) / "profile"))
        started = time.perf_counter()
        try:
            cdp.open_page()
            check_page(cdp, report.as_uri(), args.out, check)
        finally:
            cdp.close()
    for name in ("report-desktop.png", "report-desktop-full.png", "report-phone.png"):
        path = args.out / name
        if path.exists():
            print(f"screenshot: {path} ({path.stat().st_size:,} bytes)")
    print(f"checks: {check.passed} passed, {len(check.failed)} failed ({time.perf_counter() - started:.1f} s in the "
          "browser)")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
