#!/usr/bin/python3
"""Writes the seed corpus of each fuzz target (tests/fuzz/corpus/<target>/) from valid inputs.

Run from anywhere: /usr/bin/python3 tests/fuzz/make_corpus.py (Debian's python3-numpy). Uses numpy and the demo session and model
under resources/. The seeds are committed; rerun this when a format changes.
"""
import io
import json
import os
import shutil
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def readings(seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4096, 1024)


def body(values):
    out = bytearray()
    for v in values:
        out += bytes([(v >> 6) + 11, (v & 63) + 11])
    return bytes(out)


def wifi(index, sender, values):
    return bytes([index % 244 + 11, sender + 11]) + body(values) + b"\n"


def serial(index, values):
    return bytes([index % 244 + 11]) + body(values) + b"\n"


def npy(array, version=(1, 0)):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)

    # Wire frames: two bytes of chunking seed, then the stream.
    put("fuzz_wire_tcp", "two-frames", b"\x01\x00" + wifi(0, 1, readings(1)) + wifi(1, 2, readings(2)))
    put("fuzz_wire_tcp", "garbage-between", b"\x07\x00" + wifi(5, 1, readings(3)) + b"junk\x00\xff\n" +
        wifi(6, 2, readings(4)) + wifi(7, 1, readings(5))[:900])
    put("fuzz_wire_tcp", "overlong-line", b"\x02\x01" + b"x" * 2100 + wifi(243, 2, readings(6)))
    put("fuzz_wire_serial", "two-frames", b"\x01\x00" + serial(0, readings(1)) + serial(1, readings(2)))
    put("fuzz_wire_serial", "garbage-between", b"\x07\x00" + serial(242, readings(3)) + b"\x0b\x0b\n" +
        serial(243, readings(4)) + serial(0, readings(5))[:700])
    put("fuzz_wire_serial", "overlong-line", b"\x02\x01" + b"\x0c" * 2100 + serial(9, readings(6)))

    # UDP: six int32 layout fields, a flags byte, the datagram.
    def udp(total, seq, foot, data, rows, cols, flags, datagram):
        return struct.pack("<6i", total, seq, foot, data, rows, cols) + bytes([flags]) + datagram

    words = [7, 0, 1] + list(readings(7)[:660])
    put("fuzz_wire_udp", "default-layout", udp(663, 0, 2, 3, 30, 22, 0, struct.pack("<663H", *words)))
    put("fuzz_wire_udp", "fixed-foot-padded", udp(700, -1, -1, 10, 29, 21, 3, b"\x01\x02" * 50))
    put("fuzz_wire_udp", "small-grid", udp(12, 10, 0, 1, 3, 3, 2, struct.pack("<12H", 1, *range(9), 5, 0)))

    # .npy files as numpy writes them, and damaged ones.
    tactile = np.arange(2 * 30 * 22, dtype="<u2").reshape(2, 30, 22) % 4096
    put("fuzz_npy", "tactile", npy(tactile))
    put("fuzz_npy", "tactile-truncated", npy(tactile)[:-100])
    put("fuzz_npy", "timestamps", npy(np.array([0, 70_000_000, 140_000_000], dtype="<i8")))
    put("fuzz_npy", "keypoints-v2", npy(np.zeros((2, 19, 3), dtype="<f4"), version=(2, 0)))
    put("fuzz_npy", "bytes", npy(np.arange(5, dtype="|u1")))
    put("fuzz_npy", "sequence-f8", npy(np.ones((3, 2), dtype="<f8")) + b"\x00\x01\x02")
    put("fuzz_npy", "empty-rows", npy(np.zeros((4, 0), dtype="<u4")))
    with open(os.path.join(ROOT, "resources/demo-session/keypoints_gt_timestamps.npy"), "rb") as f:
        put("fuzz_npy", "demo-keypoint-timestamps", f.read()[:1024])

    # .npz recipes: count, then per entry name length (u16), dtype, dims, wide flags, dimensions.
    put("fuzz_npz", "one-f32", bytes([1, 6, 0, 4, 2, 0, 3, 4]) + b"weights")
    put("fuzz_npz", "three", bytes([3, 4, 0, 1, 1, 0, 9, 2, 0, 5, 3, 0, 2, 2, 2, 0, 0, 2, 0, 0]) + b"a.b/c\x00")
    put("fuzz_npz", "wide", bytes([2, 3, 0, 2, 2, 1, 0, 0, 0, 0, 7, 1, 0, 0, 0, 0]))

    # session.json: the demo's, a minimal one, and one with per-insole settings and offsets.
    with open(os.path.join(ROOT, "resources/demo-session/session.json"), "rb") as f:
        put("fuzz_session_json", "demo", f.read())
    put("fuzz_session_json", "minimal", json.dumps({"format": "insolepose-session", "schema_version": 1}))
    put("fuzz_session_json", "offsets", json.dumps({
        "format": "insolepose-session", "schema_version": 1, "id": "S", "subject_id": "P1",
        "insoles": {"left": {"size": "large", "calibration": {"mode": "min_max", "min_adc": 10, "max_adc": 4000,
                                                              "grid": [29, 21], "bad_taxels": [0, 5]}},
                    "right": {"size": "small", "calibration": {"mode": "per_taxel_baseline", "span_adc": 900,
                                                               "grid": [2, 2], "baseline_adc": [1, 2, 3, 4]}}},
        "sync_offsets_ns": {"tactile_left": "-5000000", "keypoints_gt": 1200, "camera_cam0": "999999999999999"}}))

    # Label tracks: the demo's first track and small ones.
    with open(os.path.join(ROOT, "resources/demo-session/labels.json")) as f:
        track = json.load(f)["tracks"][0]
    put("fuzz_labels", "demo", json.dumps(track, indent=4))
    put("fuzz_labels", "custom", json.dumps({
        "name": "mine", "vocabulary": ["a", "b"],
        "segments": [{"start_ns": "10", "end_ns": "20", "label": "b", "annotator": "x", "note": "n"},
                     {"start_ns": 0, "end_ns": 5e9, "label": "c"},
                     {"start_ns": "-9223372036854775808", "end_ns": "9223372036854775807", "label": "a"}]}))

    # Model sidecar and config files.
    with open(os.path.join(ROOT, "resources/models/lite-demo.pt.json"), "rb") as f:
        put("fuzz_model_config", "demo-sidecar", f.read())
    put("fuzz_model_config", "paper", json.dumps({"name": "paper"}))
    put("fuzz_model_config", "custom", json.dumps({
        "name": "x", "window": 20, "label_position": "last", "input": [29, 21], "depth_bins": 16,
        "encoder_channels": [8, 8, 8, 8], "decoder_channels": [9, 9, 9], "leaky_slope": 0.2,
        "heatmap_sigma": 0.1, "grid_extents_m": {"x": [-2, 2], "y": [-1.5, 1.5], "z": [0, 2.5]}}))

    # Label exchange files: a byte that picks the format (value % 3: CSV, JSON, EAF) and the import
    # options (bit 2 add labels, bit 3 replace, bit 4 only the track "actions"), then the file.
    put("fuzz_label_exchange", "csv-tracks", b"\x00" + b"start_s,end_s,label,track\n0.0,1.5,squat,actions\n"
        b"2.25,3.0,lunge,actions\n0.5,0.75,\"odd, label\",rater b\n")
    put("fuzz_label_exchange", "csv-one-track", b"\x14" + b"start_s,end_s,label\n3.0,4.0,walking\n4.0,5.5,hop\n")
    with open(os.path.join(ROOT, "resources/demo-session/labels.json"), "rb") as f:
        put("fuzz_label_exchange", "json-demo", b"\x01" + f.read())
    put("fuzz_label_exchange", "eaf", b"\x02" + b"""<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" FORMAT="3.0" VERSION="3.0">
<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"><MEDIA_DESCRIPTOR MEDIA_URL="file:///x/cam0.mp4" MIME_TYPE="video/mp4"/></HEADER>
<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="2500"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="4000"/>
<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="4000"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="9000"/></TIME_ORDER>
<TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="rater b">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>squat</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>jump</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER>
<LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
""")

    # .npz archives as numpy writes them: XRMoCap keypoints3d (compressed) and a stored mix of dtypes.
    rng = np.random.default_rng(5)
    kp = rng.normal(size=(3, 1, 133, 4)).astype(np.float32)
    buf = io.BytesIO()
    np.savez_compressed(buf, keypoints=kp, mask=np.ones((3, 1, 133), np.uint8),
                        convention=np.array("coco_wholebody"))
    put("fuzz_npz_reader", "xrmocap-compressed", buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, a=np.arange(6, dtype="<i8").reshape(2, 3), b=np.array([True, False]),
             c=np.array(["left", "right"]), d=np.float64(2.5), e=np.zeros((0, 4), ">f4"))
    put("fuzz_npz_reader", "stored-dtypes", buf.getvalue())


def box(kind, payload):
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full(kind, version, payload):
    return box(kind, bytes([version, 0, 0, 0]) + payload)


def mp4(frames=12, delta=512, timescale=15360, ctts=None, edits=None, elst_version=0):
    """A small MP4 whose first track is video: mvhd, tkhd, edts/elst, mdhd, hdlr 'vide', stbl with
    stts, ctts, stss, stsz, stsc, stco; the mdat holds 4 bytes per sample. edits: (duration in the
    movie's 1000 units, media time or -1, rate)."""
    stts = full(b"stts", 0, struct.pack(">II", 1, frames) + struct.pack(">I", delta))
    stbl = stts
    if ctts:
        stbl += full(b"ctts", 0, struct.pack(">I", len(ctts)) + b"".join(struct.pack(">II", 1, c) for c in ctts))
    stbl += full(b"stss", 0, struct.pack(">II", 1, 1))
    stbl += full(b"stsz", 0, struct.pack(">II", 4, frames))
    stbl += full(b"stsc", 0, struct.pack(">IIII", 1, 1, frames, 1))
    stbl += full(b"stco", 0, struct.pack(">II", 1, 48))
    minf = box(b"minf", box(b"stbl", stbl))
    hdlr = full(b"hdlr", 0, b"\0" * 4 + b"vide" + b"\0" * 12 + b"video\0")
    mdhd = full(b"mdhd", 0, struct.pack(">IIII", 0, 0, timescale, frames * delta) + b"\0" * 4)
    trak = full(b"tkhd", 0, struct.pack(">IIII", 0, 0, 1, 0) + b"\0" * 64)
    if edits is not None:
        if elst_version == 1:
            entries = b"".join(struct.pack(">QqHH", d, t, r, 0) for d, t, r in edits)
        else:
            entries = b"".join(struct.pack(">IiHH", d, t, r, 0) for d, t, r in edits)
        trak += box(b"edts", full(b"elst", elst_version, struct.pack(">I", len(edits)) + entries))
    trak += box(b"mdia", mdhd + hdlr + minf)
    mvhd = full(b"mvhd", 0, struct.pack(">IIII", 0, 0, 1000, 1000) + b"\0" * 80)
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    return ftyp + box(b"mdat", b"\1" * 4 * frames) + box(b"moov", mvhd + box(b"trak", trak))


def video_seeds():
    put("fuzz_video_frame_count", "mp4-plain", mp4())
    put("fuzz_video_frame_count", "mp4-bframes", mp4(ctts=[1024, 2560, 0, 512, 1024, 2560, 0, 512, 1024, 2560, 0, 512],
                                                        edits=[(400, 1024, 1)]))
    put("fuzz_video_frame_count", "mp4-delayed", mp4(edits=[(500, -1, 1), (400, 0, 1)]))
    put("fuzz_video_frame_count", "mp4-trimmed-v1", mp4(edits=[(250, 2048, 1)], elst_version=1))
    put("fuzz_video_frame_count", "mp4-two-edits", mp4(edits=[(100, 3072, 1), (100, 0, 1)]))


if __name__ == "__main__":
    main()
    video_seeds()
