#!/usr/bin/env bash
# tests/tracer/live-tests.sh: --live over a unix socket (as QEMU's chardev would serve it) and stdin, fed
# slowly by slow_feed.py with a seq gap and a cut last line, as TAP.
set -u
cd "$(dirname "$0")/../.."
T=build/ipctrace
W=build/tracer/tests/live
rm -rf "$W" && mkdir -p "$W"
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | head -20; }
export SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software
FEED=tests/tracer/slow_feed.py
SOCK=$W/trace.sock

# 1. headless: the feeder serves the socket first, the tracer connects, reads to the end, dumps the state
python3 $FEED "$SOCK" traces/sysv-ipc.jsonl --delay 0.003 --drop-seq 20 --copy "$W/sent.jsonl" &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --save "$W/saved.jsonl" --dump-state >"$W/out" 2>"$W/err"; rc=$?
wait $fp
[ $rc = 0 ] && ok "--live SOCKET reads the stream to its end (exit 0)" || no "--live SOCKET (rc $rc)" "$W/err"
grep -q "seq gap: expected 20, got 21 (1 event lost)" "$W/err" && ok "the seq gap is reported" || no "gap reported" "$W/err"
grep -q "^proc 1 ppid 0 pgid [0-9]* sid [0-9]* sysv-demo zombie" "$W/out" && grep -q "halted 1/0" "$W/out" && ok "final state after the live stream" || no "final state" "$W/out"
cmp -s "$W/sent.jsonl" "$W/saved.jsonl" && ok "--save kept exactly the bytes received" || no "--save copy differs"

# 2. the tracer starts first and waits for QEMU's socket to appear
$T --live "$SOCK" --check >"$W/out2" 2>"$W/err2" &
tp=$!
sleep 0.4
python3 $FEED "$SOCK" traces/pipes-echo.jsonl --delay 0.002 --cut-last
wait $tp; rc=$?
grep -q "waiting for the trace socket" "$W/err2" && ok "the tracer waits for the socket" || no "waiting message" "$W/err2"
grep -q "truncated last line" "$W/err2" && [ $rc = 1 ] && ok "a cut last line is reported (QEMU killed mid-write)" || no "cut last line (rc $rc)" "$W/err2"

# 3. stdin
python3 $FEED - traces/pipes-echo.jsonl --delay 0.001 --drop-seq 5 | $T --live - --check >"$W/out3" 2>"$W/err3"
grep -q "31 events\|30 events" "$W/out3" && grep -q "seq gap: expected 5, got 6" "$W/err3" && ok "--live - reads stdin, gap reported" || no "stdin" "$W/err3"

# 4. the window follows the live stream to its end (dummy video driver), then saves a screenshot
python3 $FEED "$SOCK" traces/sysv-ipc.jsonl --delay 0.004 --drop-seq 30 &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --autotest "$W/live.png" >"$W/out4" 2>"$W/err4"; rc=$?
wait $fp
[ $rc = 0 ] && [ -s "$W/live.png" ] && ok "the window follows a live stream to its end" || no "live window (rc $rc)" "$W/err4"
grep -q "seq gap: expected 30, got 31" "$W/err4" && ok "live window: gap reported" || no "live window gap" "$W/err4"

# 4b. following at a watchable speed: every event is stepped through (animated), none skipped
python3 $FEED "$SOCK" traces/pipes-echo.jsonl --delay 0.001 &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --speed 25 --autotest "$W/live25.png" >"$W/out6" 2>"$W/err6"; rc=$?
wait $fp
grep -q "31 events, at seq 30" "$W/out6" && [ $rc = 0 ] && ok "live at 25 events/s plays through to the last event" || no "live stepping (rc $rc)" "$W/out6"

# 4c. a lab's events arriving as fast as QEMU can write them: the window draws every one, in order, and holds the
# guest back through QEMU's monitor (the feeder plays QEMU's QMP: stop pauses its sending) instead of skipping
python3 $FEED "$SOCK" traces/labs/semaphores-bbuf.jsonl --delay 0 --qmp >"$W/feed7" &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --speed 60 --autotest "$W/live60.png" --shown "$W/shown7" >"$W/out7" 2>"$W/err7"; rc=$?
wait $fp
if python3 - "$W/shown7" traces/labs/semaphores-bbuf.jsonl <<'PY'
import json, sys
shown = [int(l.split()[0]) for l in open(sys.argv[1]) if int(l.split()[0]) >= 0]
want = [json.loads(l)["seq"] for l in open(sys.argv[2]) if '"seq"' in l]
sys.exit(0 if shown == want else 1)
PY
then ok "live: every event of a lab drawn, in order (none skipped)"; else no "live: events drawn in order (rc $rc)" "$W/shown7"; fi
grep -q "qmp: stopped [1-9]" "$W/feed7" && ok "live: the guest was held back through QEMU's monitor ($(cat "$W/feed7"))" || no "live: guest held back" "$W/feed7"

# 4c''. the window closed while it holds the guest: it lets the guest go on (make lab then ends). QEMU's monitor
# drops a command it has not dispatched when its client goes, so the "cont" must be answered before the window
# quits (the feeder answers each command 20 ms late, and exits 3 if left stopped, as QEMU would stay paused)
python3 $FEED "$SOCK" traces/labs/semaphores-bbuf.jsonl --delay 0 --qmp --qmp-lag 0.02 >"$W/feed8" &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --speed 2 --autotest "$W/live8.png" --keys "$(printf 'Right,%.0s' $(seq 20))Right" >"$W/out8" 2>"$W/err8"; rc=$?
wait $fp; frc=$?
[ $rc = 0 ] && [ $frc = 0 ] && grep -q "qmp: stopped [1-9]" "$W/feed8" && ok "live: a window closed while holding the guest lets it run on ($(cat "$W/feed8"))" || no "live: window closed while holding (rc $rc, feeder $frc)" "$W/feed8"

# 4c'''. after the end, the top bar says what playback does: stopped mid-trace (Home, steps) "live ended: paused",
# at the last event "live ended" (the window's own SVG stills: S)
rm -f "$W"/ipctrace-seq*.svg
(cd "$W" && ../../../../$T --live - --autotest end.png --keys "Right,Right,Right,Right,Right,Right,Home,Right,Right,shift+s,End,shift+s" \
	<../../../../traces/pipes-echo.jsonl >out10 2>err10)
p=$(ls "$W"/ipctrace-seq*.svg 2>/dev/null | sort -V | head -1); e=$(ls "$W"/ipctrace-seq*.svg 2>/dev/null | sort -V | tail -1)
[ -n "$p" ] && [ "$p" != "$e" ] && grep -q '<text[^>]*>live ended: paused ' "$p" && grep -q '<text[^>]*>live ended  ' "$e" \
	&& ok "live ended: the top bar says paused mid-trace, ended at the end" || no "live ended: paused / ended in the top bar" "$W/err10"

# 4c'. --no-hold (make shell): the same lab as fast as QEMU can write it, at 4 events/s: the guest is never held, the
# picture skips ahead (in order, to the last event) and trails the kernel by about FOLLOW_LAG (1.5 s), not by the
# minutes that 3,424 events take at 4 a second
python3 $FEED "$SOCK" traces/labs/shm-counter-sem.jsonl --delay 0 --qmp --log "$W/sent9" >"$W/feed9" &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --no-hold --speed 4 --autotest "$W/live9.png" --shown "$W/shown9" >"$W/out9" 2>"$W/err9"; rc=$?
wait $fp
grep -q "qmp: stopped 0 times" "$W/feed9" && [ $rc = 0 ] && ok "--no-hold: the guest is never held back" || no "--no-hold held the guest (rc $rc)" "$W/feed9"
res=$(python3 - "$W/sent9" "$W/shown9" traces/labs/shm-counter-sem.jsonl <<'PY'
import json, sys
sent = dict((int(s), float(t)) for s, t in (l.split() for l in open(sys.argv[1])))
shown = [(int(s), float(t)) for s, t in (l.split() for l in open(sys.argv[2])) if int(s) >= 0]
want = [json.loads(l)["seq"] for l in open(sys.argv[3]) if '"seq"' in l]
seqs = [s for s, _ in shown]
lag = max(t - sent[s] for s, t in shown)
good = seqs == sorted(set(seqs)) and seqs[-1] == want[-1] and len(seqs) < len(want) and lag < 2.5
print("%s %d of %d events drawn, in order, the last one %.2f s after it was sent, the most behind %.2f s" %
      ("ok" if good else "bad", len(seqs), len(want), shown[-1][1] - sent[seqs[-1]], lag))
PY
)
case "$res" in ok*) ok "--no-hold: ${res#ok }";; *) no "--no-hold pace: $res" "$W/err9";; esac

# 4d. a caught-up window shows a new event within 100 ms of its arrival
python3 $FEED "$SOCK" traces/pipes-echo.jsonl --delay 0.01 --pause-before 20:1.0 --log "$W/sent8" &
fp=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.05; done
$T --live "$SOCK" --speed 60 --autotest "$W/live8.png" --shown "$W/shown8" >"$W/out8" 2>"$W/err8"; rc=$?
wait $fp
lat=$(python3 -c '
import sys
sent = dict(l.split() for l in open(sys.argv[1]))
shown = dict(l.split() for l in open(sys.argv[2]))
print("%.0f" % ((float(shown["20"]) - float(sent["20"])) * 1000))' "$W/sent8" "$W/shown8" 2>/dev/null)
[ -n "$lat" ] && [ "$lat" -lt 100 ] && ok "live: an event is on the screen ${lat} ms after it arrived (under 100 ms)" || no "live latency (${lat:-?} ms)" "$W/err8"

# 5. --follow a file that grows
head -20 traces/pipes-echo.jsonl > "$W/grow.jsonl"
( sleep 0.5; tail -n +21 traces/pipes-echo.jsonl >> "$W/grow.jsonl" ) &
$T --follow "$W/grow.jsonl" --autotest "$W/follow.png" >"$W/out5" 2>"$W/err5"; rc=$?
wait
[ $rc = 0 ] && [ -s "$W/follow.png" ] && grep -q "31 events" "$W/out5" && ok "--follow picks up lines appended later" || no "--follow (rc $rc)" "$W/err5"

echo "1..$n"
[ $fails = 0 ]
