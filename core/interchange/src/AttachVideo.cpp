#include "insolepose/interchange/AttachVideo.h"

#include "insolepose/Error.h"
#include "insolepose/Npy.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/VideoFrameCount.h"
#include "insolepose/interchange/Staging.h"
#include "insolepose/media/VideoReader.h"

#include "insolepose/Json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
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
    auto timing = mp4FrameTiming(video); // core/base: the one MP4 edit-list reader (docs/IMPORT.md)
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
    const auto mp4 = mp4FrameTiming(video);
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
