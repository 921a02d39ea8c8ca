#!/usr/bin/env bash
# Side-by-side proxy load on loopback: the same static upstream (nginx, 1 worker) reached directly,
# through mesh-sidecar (Native AOT; outbound = Mesh.Sdk routing, inbound = UseMesh pipeline), through
# nginx and through haproxy (both plain reverse proxies with pooled upstream connections). HTTP/1.1
# with wrk, HTTP/2 (h2c) with h2load. Prints a Markdown table: RPS, p50/p99 and each proxy's RSS.
#
# Usage (from the repository root; needs wrk, h2load, nginx, haproxy, and clang + zlib1g-dev to publish):
#   flock /tmp/mesh-bench.lock bash bench/sidecar-load.sh [--duration 10] [--connections 64] [--sidecar PATH]
# Without --sidecar it publishes src/Mesh.SidecarFallback with Native AOT into a temp directory first.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10
connections=64
sidecar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --sidecar) sidecar=$2; shift 2 ;;
    *) echo "unknown argument $1; see the usage at the top of $0" >&2; exit 2 ;;
  esac
done

for tool in wrk h2load nginx haproxy; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wrk nghttp2-client nginx haproxy" >&2; exit 2; }
done

work=$(mktemp -d /tmp/mesh-sidecar-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$sidecar" ]; then
  echo "publishing mesh-sidecar with Native AOT into $work/aot ..." >&2
  dotnet publish src/Mesh.SidecarFallback -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
  sidecar="$work/aot/mesh-sidecar"
fi

up=18100 up_h2=18101 nginx_h1=18110 nginx_h2=18111 haproxy_h1=18120 haproxy_h2=18121
out=18130 in=18131 admin=18132

cat >"$work/upstream.conf" <<CONF
worker_processes 1;
pid $work/upstream.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  default_type text/plain;
  server {
    listen 127.0.0.1:$up;
    listen 127.0.0.1:$up_h2 http2;
    location / { return 200 "hello from upstream\n"; }
  }
}
CONF

cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  # nginx closes a client connection after 1000 requests by default, which ends an h2load run early.
  keepalive_requests 10000000;
  upstream app { server 127.0.0.1:$up; keepalive 128; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$nginx_h1;
    listen 127.0.0.1:$nginx_h2 http2;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF

cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 2
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  option forwardfor
frontend proxy
  bind 127.0.0.1:$haproxy_h1
  bind 127.0.0.1:$haproxy_h2 proto h2
  default_backend app
backend app
  http-reuse always
  server app 127.0.0.1:$up
CONF

nginx -p "$work" -e "$work/upstream.err" -c "$work/upstream.conf" -g 'daemon off;' & pids+=($!)
nginx -p "$work" -e "$work/nginx.err" -c "$work/nginx.conf" -g 'daemon off;' & nginx_pid=$!; pids+=($nginx_pid)
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 & haproxy_pid=$!; pids+=($haproxy_pid)
services__upstream__http__0=http://127.0.0.1:$up "$sidecar" --service-name bench --app-port "$up" \
  --outbound-port "$out" --inbound-port "$in" --admin-port "$admin" >"$work/sidecar.log" 2>&1 & sidecar_pid=$!; pids+=($sidecar_pid)

for port in $up $nginx_h1 $haproxy_h1 $admin; do
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" -H 'Host: upstream' && break; curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
curl -sf "http://127.0.0.1:$admin/ready" >/dev/null

# RSS in MB of a process and its children (nginx runs a master and workers).
rss() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$pid/status" ] || continue
    total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status")))
  done
  echo "scale=1; $total / 1024" | bc
}

for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "a server (pid $pid) did not start; logs in $work:" >&2; tail -n 5 "$work"/*.err "$work"/*.log >&2; exit 1; }
done
idle_sidecar=$(rss "$sidecar_pid") idle_nginx=$(rss "$nginx_pid") idle_haproxy=$(rss "$haproxy_pid")

h1() { # name url host-header rss-pid
  wrk -t2 -c"$connections" -d3s -H "Host: $3" "$2" >/dev/null
  local result
  result=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Host: $3" "$2")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$result")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$result")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$result" | tr '\n' ' ')
  local memory="–"
  [ -n "$4" ] && memory="$(rss "$4") MB"
  echo "| $1 | HTTP/1.1 (wrk -c$connections) | $rps | $p50 | $p99 | $memory | ${errors:-none} |"
}

h2() { # name url rss-pid
  h2load -n 20000 -c 8 -m 16 -t 2 -H ':authority: upstream' "$2" >/dev/null 2>&1
  local result
  result=$(h2load -D "$duration" -c 16 -m 16 -t 2 -H ':authority: upstream' "$2" 2>&1)
  local rps mean max failed
  rps=$(awk '/^finished in/ {gsub(",", "", $4); printf "%.0f", $4}' <<<"$result")
  mean=$(awk '/^time for request:/ {print $6}' <<<"$result")
  max=$(awk '/^time for request:/ {print $5}' <<<"$result")
  failed=$(awk '/^status codes:/ {sub(/^status codes: /, ""); print}' <<<"$result")
  local memory="–"
  [ -n "$3" ] && memory="$(rss "$3") MB"
  echo "| $1 | HTTP/2 h2c (h2load -c16 -m16) | $rps | mean $mean | max $max | $memory | ${failed:-?} |"
}

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${duration}s per run"
echo
echo "| path | protocol | requests/s | p50 (h2: mean) | p99 (h2: max) | proxy RSS after run | errors (h2: status codes) |"
echo "|---|---|---:|---:|---:|---:|---|"
h1 "direct (nginx static upstream)" "http://127.0.0.1:$up/" upstream ""
h1 "mesh-sidecar outbound (Mesh.Sdk routing)" "http://127.0.0.1:$out/" upstream "$sidecar_pid"
h1 "mesh-sidecar inbound (UseMesh → app)" "http://127.0.0.1:$in/" bench "$sidecar_pid"
h1 "nginx reverse proxy" "http://127.0.0.1:$nginx_h1/" upstream "$nginx_pid"
h1 "haproxy reverse proxy" "http://127.0.0.1:$haproxy_h1/" upstream "$haproxy_pid"
h2 "direct (nginx static upstream)" "http://127.0.0.1:$up_h2/" ""
h2 "mesh-sidecar outbound (Mesh.Sdk routing)" "http://127.0.0.1:$out/" "$sidecar_pid"
h2 "nginx reverse proxy" "http://127.0.0.1:$nginx_h2/" "$nginx_pid"
h2 "haproxy reverse proxy" "http://127.0.0.1:$haproxy_h2/" "$haproxy_pid"
echo
echo "Idle RSS before load: mesh-sidecar $idle_sidecar MB, nginx $idle_nginx MB (master + 2 workers), haproxy $idle_haproxy MB."
echo "Peak RSS (VmHWM): mesh-sidecar $(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$sidecar_pid/status) MB."
echo "mesh-sidecar binary: $(du -m "$sidecar" | cut -f1) MB ($sidecar)"
