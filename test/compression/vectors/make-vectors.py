#!/usr/bin/env python3
"""Writes the transport-compression test vectors: one simulated gateway session compressed the way
Discord compresses it, once as zlib-stream (one zlib context, Z_SYNC_FLUSH after every message) and
once as zstd-stream (one zstd frame for the whole session, a flushed block run per message).

Run from the repo root: python3 test/compression/vectors/make-vectors.py
Needs the `zstandard` module (pip install zstandard). Output is deterministic.

Files: session.json (the messages, as a JSON array of strings), session.zlib and session.zstd.
Each .zlib/.zstd file is a sequence of records: u32 big-endian length + the bytes of one WebSocket
frame. A message may span two frames (the big one is split), as Discord may do.
"""
import json, os, random, struct, zlib
import zstandard

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(4)

def message_create(i):
    return json.dumps({"op": 0, "s": i + 2, "t": "MESSAGE_CREATE", "d": {
        "id": str(1100000000000000000 + i * 4096), "channel_id": "175928847299117063",
        "content": "message %d: héllo 🎉 %s" % (i, "".join(rng.choice("abcdef ") for _ in range(rng.randrange(5, 200)))),
        "author": {"id": "80351110224678912", "username": "user%d" % (i % 7), "global_name": None},
        "mentions": [], "embeds": [], "tts": False, "pinned": False}}, ensure_ascii=False, separators=(",", ":"))

messages = [json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})]
guild = {"op": 0, "s": 1, "t": "GUILD_CREATE", "d": {"id": "41771983423143937", "members": [
    {"user": {"id": str(80351110224678912 + k), "username": "member%d" % k}, "roles": [], "joined_at": "2015-04-26T06:26:56.936000+00:00"}
    for k in range(800)]}}
messages.append(json.dumps(guild, separators=(",", ":")))
for i in range(60):
    messages.append(message_create(i))
    if i % 10 == 0:
        messages.append('{"op":11,"d":null,"s":null,"t":null}')

def write(name, frames):
    with open(os.path.join(here, name), "wb") as f:
        for frame in frames:
            f.write(struct.pack(">I", len(frame)))
            f.write(frame)

zc = zlib.compressobj()
zframes = []
zc_sizes = []
for m in messages:
    data = zc.compress(m.encode()) + zc.flush(zlib.Z_SYNC_FLUSH)
    assert data.endswith(b"\x00\x00\xff\xff")
    if len(data) > 4096:
        zframes += [data[: len(data) // 2], data[len(data) // 2 :]]
    else:
        zframes.append(data)

cctx = zstandard.ZstdCompressor(level=3)
sc = cctx.compressobj()
sframes = []
for m in messages:
    data = sc.compress(m.encode()) + sc.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    sframes.append(data)  # zstd-stream: one WebSocket message per gateway message

with open(os.path.join(here, "session.json"), "w") as f:
    json.dump(messages, f, ensure_ascii=False)
write("session.zlib", zframes)
write("session.zstd", sframes)
print("wrote %d messages, %d zlib frames, %d zstd frames" % (len(messages), len(zframes), len(sframes)))
