#!/usr/bin/env bash
# tests/tracer/cli-tests.sh: the headless command line of build/ipctrace, as TAP.
set -u
cd "$(dirname "$0")/../.."
T=build/ipctrace
W=build/tracer/tests/cli
rm -rf "$W" && mkdir -p "$W"
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | head -20; }
check() { local what=$1; shift; if "$@" >"$W/out" 2>"$W/err"; then ok "$what"; else no "$what" "$W/err"; fi; }
# PNG width and height from the IHDR chunk
pngsize() { python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$1"; }
export SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software

check "--png writes the frame after a seq" $T --png "$W/a.png" --at 12 traces/pipes-echo.jsonl
[ "$(pngsize "$W/a.png" 2>/dev/null)" = 1280x720 ] && ok "--png frame is 1280x720" || no "--png frame is 1280x720"
check "--png --size 3840x2160 (4K)" $T --png "$W/4k.png" --size 3840x2160 --projector traces/sysv-ipc.jsonl
[ "$(pngsize "$W/4k.png" 2>/dev/null)" = 3840x2160 ] && ok "4K frame size" || no "4K frame size"
if $T --png "$W/x.png" --at 999 traces/pipes-echo.jsonl >"$W/out" 2>"$W/err"; then no "--at of a missing seq fails"; else grep -q "no event with seq 999" "$W/err" && ok "--at of a missing seq fails with a message" || no "--at message" "$W/err"; fi
if $T --png "$W/x.png" --size 800x600 traces/pipes-echo.jsonl >"$W/out" 2>"$W/err"; then no "frames smaller than 1280x720 refused"; else ok "frames smaller than 1280x720 refused"; fi

# a frame as SVG: shapes and text that librsvg draws at any size (the render test compares it with the PNG)
check "--svg writes the frame as SVG" $T --svg "$W/a.svg" --at 12 --projector traces/pipes-echo.jsonl
rsvg-convert -w 3840 -h 2160 -o "$W/a-svg.png" "$W/a.svg" 2>"$W/err" && [ "$(pngsize "$W/a-svg.png")" = 3840x2160 ] \
	&& grep -q "<text[^>]*>pipes-echo(1) wrote 6 bytes into pipe 2: &quot;\|<text[^>]*>pipes-echo(1)" "$W/a.svg" \
	&& ok "the SVG scales: librsvg draws it at 3840x2160, its text is text" || no "SVG drawn by rsvg-convert" "$W/err"
# a process name that is not UTF-8, with a control character, U+FFFE and markup: the SVG is still well-formed XML
sed '2s/"name":"pipes-echo"/"name":"p\xff\xfe\\u0001\\ufffe<\&x"/' traces/pipes-echo.jsonl >"$W/badname.jsonl"
check "--svg of a trace whose name is not UTF-8" $T --svg "$W/badname.svg" --at 5 "$W/badname.jsonl"
python3 -c 'import sys, xml.etree.ElementTree as E
names = [t.text for t in E.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}text")]
sys.exit(0 if "p\ufffd\ufffd \ufffd<&x(1)" in names else "no such text: " + repr(names[:12]))' "$W/badname.svg" 2>"$W/err" \
	&& ok "the SVG is well-formed XML: bytes that are not UTF-8 drawn as U+FFFD, markup escaped" || no "SVG of a bad name" "$W/err"

check "--storyboard" $T --storyboard "$W/sb" traces/sysv-ipc.jsonl
[ -s "$W/sb/contact-sheet.png" ] && [ "$(ls "$W/sb"/frame-*.png | wc -l)" -ge 8 ] && ok "storyboard has key frames and a contact sheet" || no "storyboard files"
grep -q "storyboard of sysv-ipc.jsonl: .* in $W/sb/" "$W/out" && ok "storyboard says where it put them" || no "storyboard message" "$W/out"

# videos for slides: through Debian's ffmpeg; frames = 1 s still before and after + events x fps/speed
check "--video GIF of a range of events" $T --video "$W/v.gif" --from 10 --to 14 --speed 5 --fps 10 traces/pipes-echo.jsonl
frames=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames,width,height -of csv=p=0 "$W/v.gif" 2>/dev/null)
[ "$frames" = "1280,720,30" ] && ok "the GIF is 1280x720 with 30 frames (10 + 5 events x 2 + 10)" || no "GIF frames ($frames)"
check "--video MP4 from a trace.mark to the next" $T --video "$W/v.mp4" --from-mark "in SIGUSR1" --speed 8 --fps 8 --size 1920x1080 traces/sysv-ipc.jsonl
grep -q "wrote $W/v.mp4" "$W/out" && [ "$(ffprobe -v error -show_entries stream=codec_name,width -of csv=p=0 "$W/v.mp4" 2>/dev/null)" = "h264,1920" ] \
	&& ok "the MP4 is H.264 at 1920 wide" || no "MP4" "$W/err"

check "--export-chrome" $T --export-chrome "$W/c.json" traces/sysv-ipc.jsonl
check "Chrome export: valid JSON, ph/ts(us)/pid/tid/name, counters for sem, msg, shm" python3 tests/tracer/check_chrome.py "$W/c.json" sem,msg,shm
check "--export-chrome of the pipe trace" $T --export-chrome "$W/p.json" traces/pipes-echo.jsonl
check "Chrome export: pipe fill counters, balanced sleep slices" python3 tests/tracer/check_chrome.py "$W/p.json" pipe

check "--dump-state" $T --dump-state --at 17 traces/pipes-echo.jsonl
grep -q "^proc 2 ppid 1 pgid [0-9]* sid [0-9]* upper sleeping wchan 'pipe 1 read'" "$W/out" && ok "state after seq 17: upper sleeps on pipe 1" || no "dump-state content" "$W/out"
grep -q "^pipe 2 cat 1: head 12 tail 12" "$W/out" && ok "state after seq 17: pipe 2 drained" || no "dump-state pipe" "$W/out"

# bad input: every problem reported with its line number; the rest loads; nothing crashes
$T --png "$W/bad.png" tests/tracer/bad-input.jsonl >"$W/out" 2>"$W/err"; rc=$?
[ $rc = 0 ] && [ -s "$W/bad.png" ] && ok "bad input still renders (exit 0)" || no "bad input renders (rc $rc)" "$W/err"
for want in ":4: field 'n' should be an integer" ":5: malformed JSON" ":6: unknown event type 'frob.nicate'" \
	":7: sem.op for sem 42 that was never created" ":8: seq gap: expected 6, got 9" ":10: truncated last line"; do
	grep -qF "bad-input.jsonl$want" "$W/err" && ok "reported: line${want}" || no "reported: line${want}" "$W/err"
done
if $T --check tests/tracer/bad-input.jsonl >"$W/out" 2>/dev/null; then no "--check exits 1 on problems"; else grep -q "9 events, 8 problems, 1 seq gap (3 events lost)" "$W/out" && ok "--check counts problems and gaps" || no "--check summary" "$W/out"; fi
check "--check passes the sample traces" $T --check traces/pipes-echo.jsonl
# an empty trace (a kernel booted with trace=off) is valid, and said to be empty; counts agree with their nouns
: >"$W/empty.jsonl"
$T --check "$W/empty.jsonl" >"$W/out" 2>"$W/err" && grep -q "0 events, 0 problems, 0 seq gaps (0 events lost)" "$W/out" &&
	grep -q "empty.jsonl: no events and no header (a kernel booted with trace=off" "$W/err" && ok "an empty trace loads, and says it is empty" || no "empty trace" "$W/out" "$W/err"
head -2 traces/pipes-echo.jsonl | tail -1 >"$W/one.jsonl"
$T --check "$W/one.jsonl" >"$W/out" 2>/dev/null; grep -q "one.jsonl: 1 event, 1 problem, 0 seq gaps" "$W/out" && ok "--check says 1 event, 1 problem" || no "singular counts" "$W/out"
# a line that parses but has a field out of range: its log row says so in red, like a malformed line's (in the
# SVG: the row's text, then the problems box's); the message gives the digits that are sure, not 17 of a double
$T --quiet --svg "$W/seqmax.svg" tests/tracer/regress/seq-int64-max.jsonl >"$W/out" 2>"$W/err"
[ "$(grep -c "<text[^>]*>line 2: field &apos;seq&apos;: 9.22e+18 out\|<text[^>]*>line 2: field 'seq': 9.22e+18 out" "$W/seqmax.svg")" -ge 2 ] \
	&& ok "a field out of range shows in its log row, with its line" || no "field out of range in the log row" "$W/seqmax.svg"
for f in unix-sockets mqueue futex-requeue mmap-shared mmap-mremap sig-rt; do
	check "--check passes traces/$f.jsonl (written by the kernel)" $T --check traces/$f.jsonl
done
# the wait-for graph through a socketpair's peers (a grader prints it at a hang): both readers deadlocked
check "--wait-graph of a socket deadlock" $T --wait-graph tests/tracer/sock-deadlock.jsonl
python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); p={x["pid"]: x for x in g["procs"]}
sys.exit(0 if g["deadlocked"] == [2, 3] and p[2]["releasers"] == [3] and p[3]["releasers"] == [2] and p[2]["wchan"] == "unix 1 recv" else 1)' "$W/out" \
	&& ok "--wait-graph: 2 and 3 deadlocked on sockets 1 and 2, each released only by the other" || no "--wait-graph content" "$W/out"
# mq_notify(SIGEV_THREAD): the fire sends the cookie to the library's netlink socket and wakes the thread asleep on it
check "--dump-state at a SIGEV_THREAD notification" $T --dump-state --at 55 traces/mq-notify-thread.jsonl
grep -q "^proc 4 .* runnable wchan ''" "$W/out" && ok "the notification wakes the thread asleep in recv on netlink socket 2" \
	|| no "the SIGEV_THREAD thread is woken" "$W/out"
# two threads holding priority-inheritance locks, each asleep in FUTEX_LOCK_PI for the other's (progs/pi_deadlock.c):
# futex.wait's owner makes each the other's only releaser
check "--wait-graph of a PI futex deadlock" $T --wait-graph --at 23 tests/tracer/pi-deadlock.jsonl
python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); p={x["pid"]: x for x in g["procs"]}
sys.exit(0 if g["deadlocked"] == [2, 3] and p[2]["releasers"] == [3] and p[3]["releasers"] == [2] and p[2]["wchan"] == "futex 0x420164" else 1)' "$W/out" \
	&& ok "--wait-graph: threads 2 and 3 deadlocked on two PI locks, each held by the other" || no "--wait-graph PI content" "$W/out"
check "--wait-graph after the PI locks timed out" $T --wait-graph --at 30 tests/tracer/pi-deadlock.jsonl
python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); sys.exit(0 if g["deadlocked"] == [] else 1)' "$W/out" \
	&& ok "--wait-graph: no deadlock once the timed locks gave up" || no "--wait-graph PI after" "$W/out"
printf '{"type":"trace.header","format":"ipclab-trace","version":3}\n{"seq":0,"ts":1,"cpu":0,"pid":1,"type":"trace.mark","text":"x"}\n' > "$W/v3.jsonl"
if $T --png "$W/v3.png" "$W/v3.jsonl" >"$W/out" 2>"$W/err"; then no "a newer format version is refused"; else grep -q "version 3 is newer" "$W/err" && ok "a newer format version is refused with a message" || no "version message" "$W/err"; fi
head -c 3000 /dev/urandom > "$W/garbage.jsonl"
$T --png "$W/g.png" --quiet "$W/garbage.jsonl" >"$W/out" 2>"$W/err"; rc=$?
[ $rc -lt 128 ] && ok "random bytes do not crash it (exit $rc)" || no "random bytes crash (exit $rc)" "$W/err"

# out of memory: an error naming the line reached and exit 1, never a silent partial load
python3 -c '
import sys
o = open(sys.argv[1], "w")
o.write("{\"type\":\"trace.header\",\"format\":\"ipclab-trace\",\"version\":1}\n")
o.write("{\"seq\":0,\"ts\":0,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":1000000000}\n")
for s in range(1, 300000):
    o.write("{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":%d,\"type\":\"pipe.write\",\"pipe\":1,\"n\":8,\"data\":\"%08d\",\"head\":%d,\"tail\":0,\"cap\":1000000000}\n" % (s, s, 2 + s % 100, s, 8 * s))
' "$W/big.jsonl"
( ulimit -v 90000; exec $T --check --quiet "$W/big.jsonl" ) >"$W/out" 2>"$W/err"; rc=$?
[ $rc = 1 ] && grep -q "out of memory at line [0-9]* ([0-9]* events loaded)" "$W/err" && ok "out of memory: exit 1 and the line reached ($(grep -o 'line [0-9]*' "$W/err" | head -1))" \
	|| no "out of memory (rc $rc)" "$W/err"
$T --check --quiet "$W/big.jsonl" >"$W/out" 2>"$W/err" && grep -q "300000 events, 0 problems" "$W/out" && ok "the same trace loads whole with memory" || no "big trace loads" "$W/out"

# no display: falls back to a storyboard and says where
( cd "$W" && env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER ../../../ipctrace ../../../../traces/pipes-echo.jsonl >out2 2>err2 ); rc=$?
[ $rc = 0 ] && grep -q "no display" "$W/err2" && grep -q "storyboard of pipes-echo.jsonl" "$W/out2" && ls "$W"/ipctrace-storyboard-pipes-echo/contact-sheet.png >/dev/null 2>&1 \
	&& ok "no display: storyboard instead, and it says where" || no "no-display fallback (rc $rc)" "$W/err2"

# the window itself, on SDL's dummy video driver: play to the end, screenshot, quit
check "interactive loop (dummy video driver) plays to the end and screenshots" $T --autotest "$W/win.png" traces/sysv-ipc.jsonl
[ -s "$W/win.png" ] && ok "window screenshot written" || no "window screenshot"

# the controls, typed into the window: step, step back, click a card to select it, jump by the selection,
# bookmark, speed, projector mode, help
keys="Right,Right,Right,Right,Right,Right,Right,Left,click:600:120,shift+Right,shift+Right,shift+Left,b,+,+,-,p,?"
check "keys typed into the window" $T --autotest "$W/keys.png" --keys "$keys" traces/pipes-echo.jsonl
grep -q "at seq 6, 0 problems, selected object 0 pid -1, projector 1, help 1, speed 4, bookmarks 1" "$W/out" \
	&& ok "controls: steps, click-select, Shift+arrows by object, bookmark, speed, p, ?" || no "controls state" "$W/out"
check "End, Home, click a process row, Shift+Right by process" $T --autotest "$W/keys2.png" --keys "End,Home,Right,Right,Right,Right,Right,click:150:200,shift+Right" traces/pipes-echo.jsonl
grep -q "at seq 9, .* selected object -1 pid 2," "$W/out" && ok "controls: process selection drives Shift+Right" || no "process selection" "$W/out"

# Shift+S: the window's frame as SVG
(cd "$W" && rm -f ipctrace-seq*.svg && ../../../../$T --autotest keys4.png --keys "Right,Right,Right,shift+s" ../../../../traces/pipes-echo.jsonl >out4 2>err4)
svgs=$(ls "$W"/ipctrace-seq2-*.svg 2>/dev/null | head -1)
[ -n "$svgs" ] && rsvg-convert -o "$W/win-svg.png" "$svgs" 2>/dev/null && [ "$(pngsize "$W/win-svg.png")" = 1280x720 ] \
	&& ok "Shift+S saves the window's frame as SVG" || no "Shift+S SVG" "$W/out4"

# focus on a process: its 64 signals as a grid named alike ("INT" beside "QUIT", not "SIGINT" where it happens
# to fit), in the window's SVG (S)
(cd "$W" && rm -f ipctrace-seq*.svg && ../../../../$T --autotest keys5.png --keys "Home$(printf ',Right%.0s' $(seq 34)),click:100:150,z,shift+s" \
	../../../../traces/sig-rt.jsonl >out5 2>err5)
svgs=$(ls "$W"/ipctrace-seq33-*.svg 2>/dev/null | head -1)
[ -n "$svgs" ] && grep -q '<text[^>]*>Signals of sig_rt(2)<' "$svgs" && grep -q '<text[^>]*>INT<' "$svgs" && grep -q '<text[^>]*>QUIT<' "$svgs" \
	&& ! grep -q '<text[^>]*>SIG[A-Z]*<' "$svgs" && ok "focus: a process's signal grid names its cells alike" || no "signal grid names" "$W/err5"

# v ... v: a video of the events between the two presses, rendered by a child ipctrace that reads the window's own
# descriptor of the trace and finishes after the window has quit
rm -f "$W"/ipctrace-seq*.mp4*
(cd "$W" && ../../../../$T --autotest keys3.png --keys "Right,Right,Right,Right,Right,v,Right,Right,Right,v" \
	../../../../traces/pipes-echo.jsonl >out3 2>err3)
grep -q "ipctrace-seq4-7.mp4 is still being rendered\|saved the video ipctrace-seq4-7.mp4" "$W/out3" && ok "v ... v starts a video of seq 4 to 7" \
	|| no "v ... v" "$W/out3"
for i in $(seq 100); do grep -q "wrote" "$W/ipctrace-seq4-7.mp4.log" 2>/dev/null && break; [ -f "$W/ipctrace-seq4-7.mp4.log" ] || break; sleep 0.2; done
v=$(ffprobe -v error -show_entries stream=codec_name,width,height,nb_frames -of csv=p=0 "$W/ipctrace-seq4-7.mp4" 2>/dev/null)
[ "$v" = "h264,1920,1080,120" ] && ok "the window's video: H.264 at 1920x1080, 120 frames (a second still, 4 events at 2 a second, a second still)" \
	|| no "the window's video ($v)" "$W/ipctrace-seq4-7.mp4.log"

# a real X server with no window manager (Xvfb; xinit gives the same): --fullscreen covers the screen with the frame,
# and a window uncovered by another one is drawn again (the X server keeps no copy of it). Screens grabbed by
# ffmpeg's x11grab, not by ipctrace.
grab() { ffmpeg -loglevel error -y -f x11grab -video_size 1920x1080 -i "$XD" -frames:v 1 -f rawvideo -pix_fmt rgb24 "$1"; }
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$W/xdisplay" >/dev/null 2>&1 & xvfb=$!
for i in $(seq 50); do [ -s "$W/xdisplay" ] && break; sleep 0.1; done
XD=:$(cat "$W/xdisplay")
env -u SDL_VIDEODRIVER -u SDL_RENDER_DRIVER DISPLAY=$XD $T --fullscreen traces/labs/semaphores-deadlock.jsonl >"$W/fs.out" 2>&1 & win=$!
sleep 3
grab "$W/fs1.rgb"
env -u SDL_VIDEODRIVER -u SDL_RENDER_DRIVER DISPLAY=$XD $T traces/fifo-chat.jsonl >/dev/null 2>&1 & other=$!
sleep 2
kill $other; wait $other 2>/dev/null
sleep 1
grab "$W/fs2.rgb"
kill $win $xvfb; wait $win $xvfb 2>/dev/null
python3 - "$W/fs1.rgb" "$W/fs2.rgb" >"$W/fs.txt" 2>&1 <<'PY'
import sys
w, h = 1920, 1080
a, b = (open(f, "rb").read() for f in sys.argv[1:3])
px = lambda d, x, y: d[3 * (y * w + x):3 * (y * w + x) + 3]
pts = [(x, y) for y in range(0, h, 7) for x in range(0, w, 11)]
black = sum(max(px(a, x, y)) < 8 for x, y in pts) / len(pts)
# the top bar's logo at the top left, drawn for the full screen's size; the uncovered middle as it was before
logo = sum(max(px(a, x, y)) > 8 and px(a, x, y) != px(a, 300, 10) for x in range(10, 200) for y in range(5, 50))
mid = [(x, y) for y in range(220, 470, 3) for x in range(340, 1580, 5)]
moved = sum(px(a, x, y) != px(b, x, y) for x, y in mid) / len(mid)
print("black %.3f, logo pixels %d, uncovered middle changed %.3f" % (black, logo, moved))
sys.exit(0 if black < 0.1 and logo > 200 and moved < 0.01 else 1)
PY
rc=$?
[ $rc = 0 ] && ok "no window manager: --fullscreen fills the screen, an uncovered window is drawn again ($(cat "$W/fs.txt"))" \
	|| no "no window manager: full screen and expose" "$W/fs.txt"

echo "1..$n"
[ $fails = 0 ]
