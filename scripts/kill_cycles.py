#!/usr/bin/env python3
"""kill -9 durability check for the local node (see kill-cycles.sh).

Each cycle: start the node on --data DIR, verify that every bulk item acknowledged so far is present
with its acknowledged _version and _seq_no, then bulk load in a background thread, kill -9 the node
mid-load, and record what was acknowledged. Documents touched by a bulk request in flight at a kill
may legitimately be newer than their last acknowledgement (written but unacknowledged), so for those
(until they are acknowledged again) only version >= acknowledged is required.

With a size (bytes, or with a K/M/G suffix), cycle 1 loads until that much document data is
acknowledged before the kill, only new and larger documents (a padding field), so every later
restart recovers more than that: the check that a data directory of any size restarts. Snapshots
are taken when the log outgrows the last one, so a fill of 3G leaves a snapshot file over 2 GiB.
"""
import http.client, json, os, random, signal, socket, subprocess, sys, tempfile, threading, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

PADS = ["".join(random.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(4000)) for _ in range(16)]

def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().rstrip("B")
    return int(float(text[:-1]) * units[text[-1]]) if text and text[-1] in units else int(float(text or 0))

def directory_bytes(data):
    return sum(e.stat().st_size for e in os.scandir(data) if e.is_file())

def largest_file(data):
    files = [(e.stat().st_size, e.name) for e in os.scandir(data) if e.is_file()]
    size, name = max(files) if files else (0, "-")
    return f"largest {name} {size / 2**30:.2f} GiB"

def start(dll, data):
    port = free_port()
    # The node's start-up notices (a torn log end dropped, stray files) go to stderr: keep and show them.
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(["dotnet", dll, "--port", str(port), "--data", data], stdout=subprocess.DEVNULL, stderr=errors)
    # Recovering gigabytes takes a while; give it up to 15 minutes.
    for _ in range(9000):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/"); c.getresponse().read(); c.close()
            errors.seek(0)
            for line in errors.read().decode(errors="replace").splitlines():
                print(f"        node: {line}", flush=True)
            return proc, port
        except OSError:
            if proc.poll() is not None:
                errors.seek(0)
                raise SystemExit(f"node exited during start with status {proc.returncode}: {errors.read().decode(errors='replace').strip()}")
            time.sleep(0.1)
    raise SystemExit("node did not start")

def request(port, method, path, body=None, ctype="application/json"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers={"Content-Type": ctype} if body else {})
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, json.loads(data) if data else None

def verify(port, acked, uncertain):
    ids = sorted(acked)
    missing = mismatched = 0
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        status, body = request(port, "POST", "/kill-cycles/_mget?_source=false", json.dumps({"ids": chunk}))
        if status != 200:
            raise SystemExit(f"_mget failed: {status} {body}")
        for doc in body["docs"]:
            version, seq_no = acked[doc["_id"]]
            if not doc.get("found"):
                missing += 1
            elif doc["_id"] in uncertain:
                if doc["_version"] < version:
                    mismatched += 1
            elif (doc["_version"], doc["_seq_no"]) != (version, seq_no):
                mismatched += 1
    return missing, mismatched

def load(port, cycle, acked, in_flight, uncertain, stop, padded, loaded):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    batch = 0
    known = list(acked)
    while not stop.is_set():
        lines, ids = [], []
        for i in range(200):
            # Mostly new documents, some overwrites of acknowledged ones (their _version must grow).
            # (While filling to a size, only new documents, so the data held grows by what is loaded.)
            doc_id = random.choice(known) if known and not padded and random.random() < 0.2 else f"c{cycle}-b{batch}-{i}"
            ids.append(doc_id)
            lines.append(json.dumps({"index": {"_index": "kill-cycles", "_id": doc_id}}))
            doc = {"cycle": cycle, "batch": batch, "n": i, "vector": [random.random() for _ in range(8)]}
            if padded:
                doc["pad"] = random.choice(PADS)
            lines.append(json.dumps(doc))
        in_flight.clear(); in_flight.update(ids)
        try:
            conn.request("POST", "/_bulk", body="\n".join(lines) + "\n", headers={"Content-Type": "application/x-ndjson"})
            body = json.loads(conn.getresponse().read())
        except (OSError, http.client.HTTPException, ValueError):
            return batch
        for n, item in enumerate(body["items"]):
            r = item["index"]
            if r.get("status") in (200, 201):
                loaded[0] += len(lines[2 * n + 1])
                acked[r["_id"]] = (r["_version"], r["_seq_no"])
                uncertain.discard(r["_id"])
                known.append(r["_id"])
        in_flight.clear()
        batch += 1
    return batch

def main():
    dll, data, cycles = sys.argv[1], sys.argv[2], int(sys.argv[3])
    size = parse_size(sys.argv[4]) if len(sys.argv) > 4 else 0
    acked, in_flight, uncertain = {}, set(), set()
    failures = 0
    loaded = [0]
    for cycle in range(1, cycles + 1):
        started = time.time()
        proc, port = start(dll, data)
        recovered = time.time() - started
        if cycle == 1:
            request(port, "PUT", "/kill-cycles", json.dumps({"settings": {"number_of_replicas": 0},
                "mappings": {"properties": {"vector": {"type": "dense_vector", "dims": 8, "similarity": "l2_norm"}}}}))
        missing, mismatched = verify(port, acked, uncertain)
        failures += missing + mismatched
        stop = threading.Event()
        before = len(acked)
        result = {}
        fill = size if cycle == 1 else 0
        t = threading.Thread(target=lambda: result.setdefault("batches", load(port, cycle, acked, in_flight, uncertain, stop, fill, loaded)))
        loading = time.time()
        t.start()
        if fill:
            # Kill in the middle of the load once the target is reached.
            while loaded[0] < fill and t.is_alive():
                time.sleep(0.05)
        else:
            time.sleep(random.uniform(1.0, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        loaded_for = time.time() - loading
        stop.set(); t.join()
        uncertain.update(in_flight)
        print(f"cycle {cycle:2}: restart {recovered:4.1f}s, checked {before} acknowledged docs (_version+_seq_no): "
              f"{missing} missing, {mismatched} mismatched; then loaded {result.get('batches', 0)} bulks in {loaded_for:.0f}s, "
              f"{len(acked) - before} new ids acknowledged, killed -9 with {len(in_flight)} items in flight; "
              f"{loaded[0] / 2**30:.2f} GiB of documents acknowledged, data directory {directory_bytes(data) / 2**30:.2f} GiB ({largest_file(data)})", flush=True)
    started = time.time()
    proc, port = start(dll, data)
    recovered = time.time() - started
    missing, mismatched = verify(port, acked, uncertain)
    failures += missing + mismatched
    status, count = request(port, "GET", "/kill-cycles/_count")
    proc.send_signal(signal.SIGTERM); proc.wait()
    print(f"final : restart {recovered:4.1f}s, checked {len(acked)} acknowledged docs: {missing} missing, {mismatched} mismatched; _count={count['count'] if count else '?'}")
    print("PASS" if failures == 0 else f"FAIL ({failures} problems)")
    sys.exit(0 if failures == 0 else 1)

if __name__ == "__main__":
    main()
