#!/usr/bin/env python3
"""bench/ingest/py_baseline.py BODY_FILE: the Python stdlib baseline for the
/regions ingest benchmark: json.loads, then one object per region (id, keys,
epoch, peers, leader store, stats). Prints 'regions seconds'."""
import json
import sys
import time


class Peer:
    __slots__ = ("id", "store_id", "role")

    def __init__(self, d):
        self.id = d.get("id", 0)
        self.store_id = d.get("store_id", 0)
        self.role = d.get("role", 0)


class Region:
    __slots__ = ("id", "start_key", "end_key", "conf_ver", "version", "peers", "leader_store",
                 "written_bytes", "read_bytes", "approximate_size", "approximate_keys")

    def __init__(self, d):
        self.id = d["id"]
        self.start_key = bytes.fromhex(d["start_key"])
        self.end_key = bytes.fromhex(d["end_key"])
        epoch = d.get("epoch", {})
        self.conf_ver = epoch.get("conf_ver", 0)
        self.version = epoch.get("version", 0)
        self.peers = [Peer(p) for p in d.get("peers", [])]
        self.leader_store = d.get("leader", {}).get("store_id", 0)
        self.written_bytes = d.get("written_bytes", 0)
        self.read_bytes = d.get("read_bytes", 0)
        self.approximate_size = d.get("approximate_size", 0)
        self.approximate_keys = d.get("approximate_keys", 0)


def main():
    with open(sys.argv[1], "rb") as f:
        body = f.read()
    t0 = time.process_time()  # CPU time: the machine is shared
    doc = json.loads(body)
    regions = [Region(r) for r in doc["regions"]]
    by_id = {r.id: r for r in regions}
    dt = time.process_time() - t0
    print(len(by_id), dt)


main()
