#include "insolepose/interchange/AttachVideo.h"

#include "insolepose/Error.h"
#include "insolepose/Npy.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/interchange/Staging.h"
#include "insolepose/media/VideoReader.h"

#include "insolepose/Json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace insolepose::interchange {

namespace fs = std::filesystem;

namespace {

std::uint64_t be(const char* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | std::uint8_t(p[i]);
    return v;
}

/// An ISO base media box inside a buffer: [begin, end) of its payload.
struct Box {
    std::string type;
    const char* begin = nullptr;
    const char* end = nullptr;
};

std::vector<Box> children(const char* begin, const char* end)
{
    std::vector<Box> out;
    while (end - begin >= 8) {
        std::uint64_t size = be(begin, 4), header = 8;
        if (size == 1 && end - begin >= 16) {
            size = be(begin + 8, 8);
            header = 16;
        } else if (size == 0) {
            size = std::uint64_t(end - begin);
        }
        if (size < header || size > std::uint64_t(end - begin))
            break;
        out.push_back({std::string(begin + 4, 4), begin + header, begin + size});
        begin += size;
    }
    return out;
}

const Box* child(const std::vector<Box>& boxes, const char* type)
{
    const auto it = std::find_if(boxes.begin(), boxes.end(), [&](const Box& b) { return b.type == type; });
    return it == boxes.end() ? nullptr : &*it;
}

/// The moov box of the file, read into memory.
std::optional<std::string> readMoov(const fs::path& video)
{
    QFile f(QString::fromStdString(video.string()));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    qint64 pos = 0;
    while (pos + 8 <= f.size()) {
        f.seek(pos);
        const QByteArray h = f.read(16);
        if (h.size() < 8)
            return std::nullopt;
        std::uint64_t size = be(h.constData(), 4), header = 8;
        if (size == 1 && h.size() >= 16) {
            size = be(h.constData() + 8, 8);
            header = 16;
        } else if (size == 0) {
            size = std::uint64_t(f.size() - pos);
        }
        if (size < header)
            return std::nullopt;
        if (h.mid(4, 4) == "moov") {
            f.seek(pos + qint64(header));
            const QByteArray body = f.read(qint64(size - header));
            return std::string(body.constData(), std::size_t(body.size()));
        }
        pos += qint64(size);
    }
    return std::nullopt;
}

/// The samples of a track in decode order: decode times (stts), composition offsets (ctts) and
/// whether each is a sync sample (stss; all are without one).
struct Samples {
    std::vector<std::int64_t> dts, offset;
    std::vector<bool> sync;
    bool reordered = false; ///< The track has composition offsets (a ctts box).
};

Samples readSamples(const Box& stts, const Box* ctts, const Box* stss)
{
    Samples s;
    std::int64_t dts = 0;
    const std::uint64_t entries = be(stts.begin + 4, 4);
    for (std::uint64_t e = 0; e < entries && stts.begin + 8 + 8 * (e + 1) <= stts.end; ++e) {
        const char* p = stts.begin + 8 + 8 * e;
        for (std::uint64_t i = 0, n = be(p, 4); i < n; ++i, dts += std::int64_t(be(p + 4, 4)))
            s.dts.push_back(dts);
    }
    s.offset.assign(s.dts.size(), 0);
    if (ctts && ctts->end - ctts->begin >= 8) {
        s.reordered = true;
        std::size_t sample = 0;
        const std::uint64_t n = be(ctts->begin + 4, 4);
        for (std::uint64_t e = 0; e < n && ctts->begin + 8 + 8 * (e + 1) <= ctts->end; ++e) {
            const char* p = ctts->begin + 8 + 8 * e;
            const auto offset = std::int64_t(std::int32_t(std::uint32_t(be(p + 4, 4))));
            for (std::uint64_t i = 0, c = be(p, 4); i < c && sample < s.dts.size(); ++i)
                s.offset[sample++] = offset;
        }
    }
    s.sync.assign(s.dts.size(), !stss || stss->end - stss->begin < 8);
    if (stss && stss->end - stss->begin >= 8) {
        const std::uint64_t n = be(stss->begin + 4, 4);
        for (std::uint64_t e = 0; e < n && stss->begin + 8 + 4 * (e + 1) <= stss->end; ++e)
            if (const std::uint64_t number = be(stss->begin + 8 + 4 * e, 4); number >= 1 && number <= s.sync.size())
                s.sync[number - 1] = true;
    }
    return s;
}

/// Every sample in presentation order, in seconds from the first (a track without an edit list).
std::vector<double> allSamples(const Samples& s, double timescale)
{
    std::vector<std::int64_t> cts;
    for (std::size_t i = 0; i < s.dts.size(); ++i)
        cts.push_back(s.dts[i] + s.offset[i]);
    std::sort(cts.begin(), cts.end());
    std::vector<double> out;
    for (std::int64_t v : cts)
        out.push_back(double(v - cts.front()) / timescale);
    return out;
}

/// One entry of an edit list (ISO/IEC 14496-12 8.6.6): `duration` on the movie timescale,
/// `mediaTime` on the media timescale (-1: an empty edit), `rate` 16.16 fixed point.
struct Edit {
    std::uint64_t duration = 0;
    std::int64_t mediaTime = 0;
    std::int32_t rate = 0x10000;
};

/// The entries of an elst box (version 0 or 1); nothing when the box is malformed.
std::optional<std::vector<Edit>> editList(const Box& elst)
{
    if (elst.end - elst.begin < 8 || (elst.begin[0] != 0 && elst.begin[0] != 1))
        return std::nullopt;
    const bool v1 = elst.begin[0] == 1;
    const std::uint64_t n = be(elst.begin + 4, 4), entrySize = v1 ? 20 : 12;
    if (n > std::uint64_t(elst.end - elst.begin - 8) / entrySize)
        return std::nullopt;
    std::vector<Edit> edits;
    for (const char* p = elst.begin + 8; edits.size() < n; p += entrySize) {
        Edit e;
        e.duration = be(p, v1 ? 8 : 4);
        e.mediaTime = v1 ? std::int64_t(be(p + 8, 8)) : std::int64_t(std::int32_t(std::uint32_t(be(p + 4, 4))));
        e.rate = std::int32_t(std::uint32_t(be(p + (v1 ? 16 : 8), 4)));
        edits.push_back(e);
    }
    return edits;
}

/// Frame times and how they were found (for the attach report).
struct Mp4Timing {
    std::vector<double> times;
    std::size_t samples = 0; ///< Samples in the track.
    bool editsApplied = false;
    std::string note; ///< What was done with the edit list; empty without one.
};

/// Where FFmpeg starts reading for an edit that begins at `mediaTime` (shifted by `shift`): the last
/// sync sample decoded at or before it (with composition offsets: whose composition time is not
/// after it either), so that the frames the edit needs can be decoded.
std::size_t editStartSample(const Samples& s, std::int64_t mediaTime, std::int64_t shift)
{
    const std::int64_t target = mediaTime - shift;
    std::ptrdiff_t i = std::ptrdiff_t(std::upper_bound(s.dts.begin(), s.dts.end(), target) - s.dts.begin()) - 1;
    while (i >= 0 && !s.sync[std::size_t(i)])
        --i;
    while (s.reordered && i >= 0 &&
           !(s.sync[std::size_t(i)] && s.dts[std::size_t(i)] + s.offset[std::size_t(i)] <= target))
        --i;
    if (i < 0 && !s.reordered) // no such sync sample: the last sample decoded at or before it
        i = std::ptrdiff_t(std::upper_bound(s.dts.begin(), s.dts.end(), target) - s.dts.begin()) - 1;
    return std::size_t(std::max<std::ptrdiff_t>(i, 0)); // else the first
}

/// Applies an edit list as FFmpeg's MP4 demuxer does (libavformat 59, which OpenCV decodes with;
/// docs/IMPORT.md), so that the times list exactly the frames a decoder returns, in that order.
/// Empty edits before the first media edit delay the track. A media edit presents the samples whose
/// composition time lies in [media_time, media_time + duration) (duration rescaled to the media
/// timescale and rounded), read from the sync sample before media_time to the second sync sample after
/// its end; the first of them decoded is placed at the edit's start on the presentation timeline,
/// the others by their decode-time difference to it plus their composition offsets; finally all
/// times move back so that the earliest frame starts where the first media edit starts. Edits follow
/// one another. Nothing (and `note` says why) for lists FFmpeg does not play as written: an empty
/// edit after a media edit, or a media time below -1. Media rates other than 1 are played at rate 1,
/// as FFmpeg does, and `note` says so.
std::optional<std::vector<double>> applyEdits(const std::vector<Edit>& edits, const Samples& s, double movieScale,
                                              double mediaScale, std::string& note)
{
    // Negative composition offsets shift decode times so that none is after its composition time.
    std::int64_t shift = 0;
    for (std::int64_t o : s.offset)
        shift = std::max(shift, -o);
    std::vector<std::int64_t> pts; // media ticks, in output order
    std::int64_t editEnd = -shift, empty = 0;
    std::int64_t earliest = -1; // FFmpeg's running minimum (a negative one is replaced by the next value)
    bool media = false;
    std::vector<std::string> rates;
    for (const Edit& e : edits) {
        const auto length = std::int64_t(std::min(std::round(double(e.duration) * mediaScale / movieScale), 0x1p60));
        const std::int64_t editStart = editEnd;
        editEnd += length;
        if (e.mediaTime == -1) {
            if (media) {
                note = "edit list ignored: an empty edit after a media edit (FFmpeg does not play those as written)";
                return std::nullopt;
            }
            empty += length;
            continue;
        }
        if (e.mediaTime < 0 || e.mediaTime > (std::int64_t(1) << 60)) {
            note = "edit list ignored: media time " + std::to_string(e.mediaTime) + " is not valid";
            return std::nullopt;
        }
        if (e.rate != 0x10000) {
            char rate[32];
            std::snprintf(rate, sizeof rate, "%g", double(e.rate) / 65536.0);
            rates.push_back(rate);
        }
        media = true;
        std::vector<std::int64_t> edit;
        std::int64_t counter = editStart;
        bool started = false, syncAfterEnd = false;
        for (std::size_t i = editStartSample(s, e.mediaTime, shift); i < s.dts.size(); ++i) {
            const std::int64_t duration = i + 1 < s.dts.size() ? s.dts[i + 1] - s.dts[i] : length;
            const std::int64_t cts = s.dts[i] + shift + s.offset[i];
            if (cts >= e.mediaTime && cts < e.mediaTime + length) {
                edit.push_back(counter + s.offset[i] + shift);
                earliest = earliest < 0 ? edit.back() : std::min(earliest, edit.back());
                started = true;
            }
            if (started)
                counter += duration;
            if (cts + duration >= e.mediaTime + length && s.sync[i]) {
                if (s.reordered && !syncAfterEnd) { // B-frames after this sync sample may belong to the edit
                    syncAfterEnd = true;
                    continue;
                }
                break;
            }
        }
        std::sort(edit.begin(), edit.end());
        pts.insert(pts.end(), edit.begin(), edit.end());
    }
    if (!rates.empty()) {
        std::string list;
        for (const std::string& r : rates)
            list += (list.empty() ? "" : ", ") + r;
        note = "edit media rate " + list + " played at rate 1, as FFmpeg does";
    }
    std::vector<double> out;
    if (pts.empty())
        return out;
    const std::int64_t early = std::max<std::int64_t>(0, earliest - empty);
    for (std::int64_t t : pts)
        out.push_back(double(t - early) / mediaScale);
    return out;
}

std::optional<Mp4Timing> mp4Timing(const fs::path& video)
{
    const auto moov = readMoov(video);
    if (!moov)
        return std::nullopt;
    const auto top = children(moov->data(), moov->data() + moov->size());
    for (const Box& trak : top) {
        if (trak.type != "trak")
            continue;
        const auto tk = children(trak.begin, trak.end);
        const Box* mdia = child(tk, "mdia");
        if (!mdia)
            continue;
        const auto md = children(mdia->begin, mdia->end);
        const Box *hdlr = child(md, "hdlr"), *mdhd = child(md, "mdhd"), *minf = child(md, "minf");
        if (!hdlr || !mdhd || !minf || hdlr->end - hdlr->begin < 12 || std::string(hdlr->begin + 8, 4) != "vide")
            continue;
        const bool v1 = mdhd->begin[0] == 1;
        if (mdhd->end - mdhd->begin < (v1 ? 24 : 16))
            return std::nullopt;
        const double timescale = double(be(mdhd->begin + (v1 ? 20 : 12), 4));
        const auto mi = children(minf->begin, minf->end);
        const Box* stbl = child(mi, "stbl");
        if (!stbl || timescale <= 0)
            return std::nullopt;
        const auto st = children(stbl->begin, stbl->end);
        const Box* stts = child(st, "stts");
        if (!stts || stts->end - stts->begin < 8)
            return std::nullopt;
        const Samples samples = readSamples(*stts, child(st, "ctts"), child(st, "stss"));
        if (samples.dts.empty())
            return std::nullopt;
        Mp4Timing timing;
        timing.samples = samples.dts.size();
        const Box* edts = child(tk, "edts");
        const auto ed = edts ? children(edts->begin, edts->end) : std::vector<Box>{};
        const Box* elst = child(ed, "elst");
        const Box* mvhd = child(top, "mvhd");
        if (elst) {
            const auto edits = editList(*elst);
            const bool mv1 = mvhd && mvhd->begin[0] == 1;
            const double movieScale =
                mvhd && mvhd->end - mvhd->begin >= (mv1 ? 24 : 16) ? double(be(mvhd->begin + (mv1 ? 20 : 12), 4)) : 0;
            std::optional<std::vector<double>> edited;
            if (!edits)
                timing.note = "edit list ignored: its elst box is malformed";
            else if (!(movieScale > 0))
                timing.note = "edit list ignored: the movie header states no timescale";
            else if (!edits->empty())
                edited = applyEdits(*edits, samples, movieScale, timescale, timing.note);
            if (edited && edited->empty())
                timing.note += std::string(timing.note.empty() ? "" : "; ") + "its edit list presents no frame";
            else if (edited) {
                timing.times = std::move(*edited);
                timing.editsApplied = true;
                return timing;
            }
        }
        timing.times = allSamples(samples, timescale);
        return timing;
    }
    return std::nullopt;
}

/// True when `v` is a `rows` x `cols` array of numbers (cols 0: a flat array of `rows` numbers).
bool isMatrix(const QJsonValue& v, int rows, int cols)
{
    const QJsonArray a = v.toArray();
    if (!v.isArray() || a.size() != rows)
        return false;
    for (const QJsonValue& row : a) {
        if (cols == 0 ? !row.isDouble() : row.toArray().size() != cols)
            return false;
        for (const QJsonValue& x : row.toArray())
            if (!x.isDouble())
                return false;
    }
    return true;
}

/// Reads EBML elements (Matroska) from a file: IDs and sizes as variable-length integers.
class EbmlReader {
public:
    explicit EbmlReader(QFile& f) : m_file(f) {}
    /// The element at `pos`: its ID, its payload size (nothing when unknown) and where the payload starts.
    bool element(qint64 pos, std::uint32_t& id, std::optional<std::uint64_t>& size, qint64& payload)
    {
        int idLen = 0, sizeLen = 0;
        std::uint64_t idValue = 0, sizeValue = 0;
        if (!vint(pos, idValue, idLen, true) || !vint(pos + idLen, sizeValue, sizeLen, false))
            return false;
        id = std::uint32_t(idValue);
        const bool unknown = sizeValue == (std::uint64_t(1) << (7 * sizeLen)) - 1;
        size = unknown ? std::nullopt : std::optional<std::uint64_t>(sizeValue);
        payload = pos + idLen + sizeLen;
        return true;
    }
    std::uint64_t unsignedAt(qint64 pos, std::uint64_t size)
    {
        m_file.seek(pos);
        const QByteArray b = m_file.read(qint64(std::min<std::uint64_t>(size, 8)));
        return be(b.constData(), int(b.size()));
    }
    QByteArray bytes(qint64 pos, qint64 n)
    {
        m_file.seek(pos);
        return m_file.read(n);
    }

private:
    /// A variable-length integer; IDs keep their length marker, sizes lose it.
    bool vint(qint64 pos, std::uint64_t& value, int& length, bool keepMarker)
    {
        m_file.seek(pos);
        const QByteArray b = m_file.read(8);
        if (b.isEmpty() || std::uint8_t(b[0]) == 0)
            return false;
        const std::uint8_t first = std::uint8_t(b[0]);
        length = 1;
        while (!(first & (0x80 >> (length - 1))))
            ++length;
        if (b.size() < length)
            return false;
        value = keepMarker ? first : first & ((0xff >> length));
        for (int i = 1; i < length; ++i)
            value = (value << 8) | std::uint8_t(b[i]);
        return true;
    }
    QFile& m_file;
};

} // namespace

std::optional<std::vector<double>> matroskaFrameTimes(const fs::path& video)
{
    // Master elements descended into (sizes may be unknown in live recordings); the rest is skipped.
    constexpr std::uint32_t kSegment = 0x18538067, kCluster = 0x1F43B675, kTracks = 0x1654AE6B, kTrackEntry = 0xAE,
                            kBlockGroup = 0xA0, kInfo = 0x1549A966;
    constexpr std::uint32_t kTimestampScale = 0x2AD7B1, kTrackNumber = 0xD7, kTrackType = 0x83, kClusterTime = 0xE7,
                            kSimpleBlock = 0xA3, kBlock = 0xA1, kEbml = 0x1A45DFA3;
    QFile f(QString::fromStdString(video.string()));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    EbmlReader r(f);
    std::uint32_t id = 0;
    std::optional<std::uint64_t> size;
    qint64 pos = 0, payload = 0;
    if (!r.element(0, id, size, payload) || id != kEbml)
        return std::nullopt;
    double scale_s = 1e-6; // default timestamp scale: 1 ms
    std::uint64_t trackNumber = 0, videoTrack = 0, clusterTime = 0;
    std::vector<std::int64_t> ticks;
    for (pos = 0; pos < f.size() && r.element(pos, id, size, payload);) {
        const bool master =
            id == kSegment || id == kCluster || id == kTracks || id == kTrackEntry || id == kBlockGroup || id == kInfo;
        if (master) {
            pos = payload;
            continue;
        }
        if (!size)
            break;
        if (id == kTimestampScale)
            scale_s = double(r.unsignedAt(payload, *size)) * 1e-9;
        else if (id == kTrackNumber)
            trackNumber = r.unsignedAt(payload, *size);
        else if (id == kTrackType && r.unsignedAt(payload, *size) == 1 && !videoTrack)
            videoTrack = trackNumber; // TrackNumber comes first in every muxer we know
        else if (id == kClusterTime)
            clusterTime = r.unsignedAt(payload, *size);
        else if (id == kSimpleBlock || id == kBlock) {
            const QByteArray b = r.bytes(payload, 4);
            if (b.size() == 4 && (std::uint8_t(b[0]) & 0x80) && std::uint64_t(std::uint8_t(b[0]) & 0x7f) == videoTrack)
                ticks.push_back(std::int64_t(clusterTime) + std::int16_t(std::uint16_t(be(b.constData() + 1, 2))));
        }
        pos = payload + qint64(*size);
    }
    if (ticks.empty() || !videoTrack)
        return std::nullopt;
    std::sort(ticks.begin(), ticks.end());
    std::vector<double> out;
    for (std::int64_t t : ticks)
        out.push_back(double(t - ticks.front()) * scale_s);
    return out;
}

void checkCameraParameters(const fs::path& json)
{
    const QJsonObject o = readJsonObject(json);
    const std::string f = json.string() + ": ";
    if (!isMatrix(o["intrinsic"], 3, 3) && !isMatrix(o["intrinsic"], 4, 4))
        throw FormatError(f + "'intrinsic' must be a 3x3 or 4x4 array of numbers");
    if (!isMatrix(o["extrinsic_r"], 3, 3))
        throw FormatError(f + "'extrinsic_r' must be a 3x3 array of numbers");
    if (!isMatrix(o["extrinsic_t"], 3, 0))
        throw FormatError(f + "'extrinsic_t' must be an array of 3 numbers");
    if (o.contains("world2cam") && !o["world2cam"].isBool())
        throw FormatError(f + "'world2cam' must be true or false");
}

std::optional<std::vector<double>> mp4FrameTimes(const fs::path& video)
{
    auto timing = mp4Timing(video);
    if (!timing)
        return std::nullopt;
    return std::move(timing->times);
}

AttachReport attachVideo(const fs::path& dir, const fs::path& video, const AttachOptions& o)
{
    const Session session = openSession(dir); // must be a readable session
    AttachReport r;
    r.camera = o.camera.empty() ? video.stem().string() : o.camera;
    for (const CameraStream& c : session.cameras())
        if (c.name == r.camera)
            throw IoError((dir / "cameras" / r.camera).string() + ": the session already has a camera of that name");
    if (!o.parameters.empty())
        checkCameraParameters(o.parameters);
    VideoReader reader(video);
    r.containerFrames = std::size_t(std::max<std::int64_t>(0, reader.frameCount()));
    // An MP4 edit list decides which samples are frames at all: FFmpeg decodes only those it presents.
    const auto mp4 = mp4Timing(video);
    if (mp4 && mp4->editsApplied)
        r.containerFrames = mp4->times.size();
    VideoImage image;
    while (r.frames < r.containerFrames && reader.read(std::int64_t(r.frames), image))
        ++r.frames;
    if (r.frames == 0)
        throw FormatError(video.string() + ": not a video, or not one frame of it decodes" +
                          (mp4 && !mp4->note.empty() ? " (" + mp4->note + ")" : ""));
    std::vector<double> times;
    if (mp4 && !mp4->times.empty()) {
        times = mp4->times;
        r.timing = "container timestamps (MP4 sample table";
        if (mp4->editsApplied)
            r.timing += ", edit list applied: " + std::to_string(mp4->times.size()) + " of " +
                        std::to_string(mp4->samples) + " samples are frames, the first at " +
                        std::to_string(mp4->times.front()) + " s";
        r.timing += (mp4->note.empty() ? "" : "; " + mp4->note) + ")";
    } else if (const auto mkv = matroskaFrameTimes(video); mkv && !mkv->empty()) {
        times = *mkv;
        r.timing = "container timestamps (Matroska blocks)";
    } else {
        if (!(reader.fps() > 0))
            throw FormatError(video.string() + ": the container states no frame rate and no frame times");
        for (std::size_t i = 0; i < std::max(r.frames, r.containerFrames); ++i)
            times.push_back(double(i) / reader.fps());
        r.timing = "nominal frame rate of the container (" + std::to_string(reader.fps()) + " fps)";
    }
    if (r.frames < r.containerFrames) {
        r.damagedAtFrame = r.frames;
        r.damagedAt_s = r.frames < times.size() ? times[r.frames] : times.back();
    }
    times.resize(std::min(times.size(), r.frames));
    r.frames = times.size();
    for (std::size_t i = 2; i < times.size(); ++i)
        r.variableRate |= std::abs((times[i] - times[i - 1]) - (times[1] - times[0])) > 1e-4;
    std::vector<TimeNs> stamps;
    for (double t : times)
        stamps.push_back(secondsToNs(t));
    const fs::path staged = dir / (".attach-" + std::to_string(::getpid()));
    const fs::path videoName = fs::path("cameras") / (r.camera + video.extension().string());
    const fs::path timesName = fs::path("cameras") / (r.camera + "_timestamps.npy");
    const fs::path paramsName = fs::path("cameras") / (r.camera + ".json");
    try {
        fs::create_directories(staged / "cameras");
        fs::copy_file(video, staged / videoName);
        writeNpy(staged / timesName, DType::I64, {stamps.size()}, stamps.data());
        if (!o.parameters.empty())
            fs::copy_file(o.parameters, staged / paramsName);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(staged);
        throw IoError(video.string() + ": cannot copy into the session: " + e.what());
    } catch (...) {
        fs::remove_all(staged);
        throw;
    }
    std::vector<fs::path> files{timesName, videoName};
    if (!o.parameters.empty())
        files.push_back(paramsName);
    moveStagedFiles(staged, dir, files);
    SessionMetadata meta = session.metadata();
    std::erase_if(meta.syncOffsets_ns, [&](const auto& p) { return p.first == "camera_" + r.camera; });
    meta.syncOffsets_ns.emplace_back("camera_" + r.camera, secondsToNs(o.offset_s));
    writeMetadata(dir, meta);
    return r;
}

} // namespace insolepose::interchange
