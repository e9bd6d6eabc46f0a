#include "insolepose/SessionReader.h"

#include "insolepose/Json.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace insolepose {
namespace fs = std::filesystem;

namespace {

std::string tactileName(Foot foot) { return "tactile_" + std::string(footName(foot)); }

struct OpenedPair {
    NpyArray data;
    NpyArray times;
    std::size_t rows = 0;
};

/// Opens a data file and its timestamp file, checks dtype and shape, reconciles their lengths.
OpenedPair openPair(const fs::path& dataPath, const fs::path& timesPath, DType dtype,
                    const std::vector<std::size_t>& rowShape, std::vector<std::string>& warnings)
{
    if (!fs::exists(timesPath))
        throw IoError(timesPath.filename().string() + ": missing (needed by " + dataPath.filename().string() + ")");
    std::string warning;
    OpenedPair p;
    p.data = NpyArray::open(dataPath, &warning);
    if (!warning.empty())
        warnings.push_back(warning);
    p.data.expect(dtype, rowShape);
    warning.clear();
    p.times = NpyArray::open(timesPath, &warning);
    if (!warning.empty())
        warnings.push_back(warning);
    p.times.expect(DType::I64, {});
    p.rows = std::min(p.data.rows(), p.times.rows());
    if (p.data.rows() != p.times.rows())
        warnings.push_back(dataPath.filename().string() + " has " + std::to_string(p.data.rows()) + " rows but " +
                           timesPath.filename().string() + " has " + std::to_string(p.times.rows()) +
                           "; using the first " + std::to_string(p.rows));
    return p;
}

SampleStream makeStream(std::string name, OpenedPair pair, TimeNs offset, const fs::path& timesPath,
                        std::vector<std::string>& warnings)
{
    SampleStream s(std::move(name), std::move(pair.data), std::move(pair.times), pair.rows, offset);
    if (s.index().outOfOrderCount() > 0)
        warnings.push_back(timesPath.filename().string() + ": " + std::to_string(s.index().outOfOrderCount()) +
                           " timestamps go backwards; the stream is sorted by time in memory");
    return s;
}

std::optional<NpyArray> openOptionalColumn(const fs::path& path, DType dtype, std::size_t rows,
                                           std::vector<std::string>& warnings)
{
    if (!fs::exists(path))
        return std::nullopt;
    try {
        NpyArray a = NpyArray::open(path);
        a.expect(dtype, {});
        if (a.rows() < rows) {
            warnings.push_back(path.filename().string() + ": only " + std::to_string(a.rows()) + " of " +
                               std::to_string(rows) + " rows; ignored");
            return std::nullopt;
        }
        return a;
    } catch (const Error& e) {
        warnings.push_back(std::string(e.what()) + "; ignored");
        return std::nullopt;
    }
}

void repairFile(const fs::path& path, std::size_t rows)
{
    std::size_t headerRows = 0;
    std::size_t wantBytes = 0;
    {
        const NpyArray a = NpyArray::open(path);
        headerRows = a.headerRows();
        wantBytes = a.header().dataOffset + rows * a.rowBytes();
    }
    if (headerRows != rows || fs::file_size(path) != wantBytes)
        setNpyRowCount(path, rows);
}

} // namespace

// =================================================================================================
Session SessionReader::open(const fs::path& dir, OpenOptions options)
{
    const fs::path jsonPath = dir / "session.json";
    if (!fs::is_directory(dir))
        throw IoError(dir.string() + ": not a folder");
    if (!fs::exists(jsonPath))
        throw IoError(dir.string() + ": not a session folder (session.json is missing)");
    const QJsonObject json = readJsonObject(jsonPath);
    if (json["format"].toString() != kSessionFormatName)
        throw FormatError("session.json: 'format' is '" + json["format"].toString().toStdString() + "', expected '" +
                          kSessionFormatName + "'");
    const int version = json["schema_version"].toInt(-1);
    if (version < 1)
        throw FormatError("session.json: 'schema_version' is missing or invalid");
    if (version > kSessionSchemaVersion)
        throw FormatError("session.json: schema_version " + std::to_string(version) +
                          " is newer than this build reads (" + std::to_string(kSessionSchemaVersion) +
                          "); update InsolePose Studio");

    Session s;
    s.m_path = dir;
    s.m_metadata = SessionMetadata::fromJson(json);
    s.m_interrupted = json["state"].toString() == "recording";
    auto& warnings = s.m_warnings;
    std::vector<std::pair<fs::path, std::size_t>> rowCounts; // for on-disk repair

    for (Foot foot : kFeet) {
        const std::string name = tactileName(foot);
        const fs::path data = dir / (name + ".npy");
        const fs::path times = dir / (name + "_timestamps.npy");
        if (!fs::exists(data)) {
            if (fs::exists(times))
                throw IoError(data.filename().string() + ": missing (its timestamps file exists)");
            continue;
        }
        OpenedPair pair =
            openPair(data, times, DType::U16, {std::size_t(kModelGrid.rows), std::size_t(kModelGrid.cols)}, warnings);
        const std::size_t rows = pair.rows;
        auto device = openOptionalColumn(dir / (name + "_device_timestamps.npy"), DType::I64, rows, warnings);
        auto sequence = openOptionalColumn(dir / (name + "_sequence.npy"), DType::U32, rows, warnings);
        rowCounts.emplace_back(data, rows);
        rowCounts.emplace_back(times, rows);
        if (device)
            rowCounts.emplace_back(device->path(), rows);
        if (sequence)
            rowCounts.emplace_back(sequence->path(), rows);
        s.m_tactile[foot] =
            TactileStream(foot, makeStream(name, std::move(pair), s.m_metadata.syncOffset(name), times, warnings),
                          std::move(device), std::move(sequence));
    }

    auto openKeypoints = [&](const fs::path& data, const fs::path& times, const std::string& name) {
        OpenedPair pair = openPair(data, times, DType::F32, {kKeypointCount, 3}, warnings);
        rowCounts.emplace_back(data, pair.rows);
        rowCounts.emplace_back(times, pair.rows);
        KeypointStream k(makeStream(name, std::move(pair), s.m_metadata.syncOffset(name), times, warnings));
        if (k.invalidCount() > 0)
            warnings.push_back(data.filename().string() + ": " + std::to_string(k.invalidCount()) +
                               " frames hold NaN or infinite coordinates; treated as missing");
        return k;
    };
    if (fs::exists(dir / "keypoints_gt.npy"))
        s.m_groundTruth = openKeypoints(dir / "keypoints_gt.npy", dir / "keypoints_gt_timestamps.npy", "keypoints_gt");

    if (fs::is_directory(dir / "predictions")) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir / "predictions"))
            if (e.path().extension() == ".npy" && !e.path().stem().string().ends_with("_timestamps"))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string model = f.stem().string();
            s.m_predictions.push_back(openKeypoints(f, f.parent_path() / (model + "_timestamps.npy"), model));
        }
    }

    if (fs::is_directory(dir / "cameras")) {
        std::vector<fs::path> stamps;
        for (const auto& e : fs::directory_iterator(dir / "cameras"))
            if (e.path().extension() == ".npy" && e.path().stem().string().ends_with("_timestamps"))
                stamps.push_back(e.path());
        std::sort(stamps.begin(), stamps.end());
        for (const auto& t : stamps) {
            std::string cam = t.stem().string();
            cam.resize(cam.size() - std::string("_timestamps").size());
            fs::path video;
            for (const char* ext : {".mp4", ".mkv", ".avi"})
                if (fs::exists(t.parent_path() / (cam + ext)))
                    video = t.parent_path() / (cam + ext);
            if (video.empty()) {
                warnings.push_back("cameras/" + cam + ": video file missing; camera skipped");
                continue;
            }
            CameraStream c;
            c.name = cam;
            c.videoPath = video;
            std::string warning;
            NpyArray times = NpyArray::open(t, &warning);
            times.expect(DType::I64, {});
            if (!warning.empty())
                warnings.push_back(warning);
            OpenedPair pair;
            pair.rows = times.rows();
            pair.data = NpyArray::open(t); // frame numbers are the rows: no separate data array
            pair.times = std::move(times);
            c.frames = makeStream(cam, std::move(pair), s.m_metadata.syncOffset("camera_" + cam), t, warnings);
            const fs::path params = t.parent_path() / (cam + ".json");
            if (fs::exists(params)) {
                try {
                    c.parameters = readJsonObject(params);
                } catch (const Error& e) {
                    warnings.push_back(std::string(e.what()) + "; camera parameters ignored");
                }
            }
            s.m_cameras.push_back(std::move(c));
        }
    }

    if (fs::exists(dir / "labels.json")) {
        const QJsonObject labels = readJsonObject(dir / "labels.json");
        for (const QJsonValue& t : labels["tracks"].toArray())
            s.m_labelTracks.push_back(LabelTrack::fromJson(t.toObject(), &warnings));
    }

    if (fs::exists(dir / "events.json")) {
        const QJsonObject ev = readJsonObject(dir / "events.json");
        for (const QJsonValue& v : ev["events"].toArray()) {
            const QJsonObject o = v.toObject();
            SessionEvent e;
            e.stream = o["stream"].toString().toStdString();
            e.kind = o["kind"].toString().toStdString();
            e.start_ns = o["start_ns"].toString().toLongLong();
            e.end_ns = o["end_ns"].toString().toLongLong();
            e.note = o["note"].toString().toStdString();
            s.m_events.push_back(std::move(e));
        }
    }

    if (s.m_interrupted) {
        warnings.insert(warnings.begin(),
                        "session was not closed cleanly (the recorder stopped while recording); recovered " +
                            std::to_string(s.tactile(Foot::Left).size()) + " left and " +
                            std::to_string(s.tactile(Foot::Right).size()) + " right tactile frames and " +
                            std::to_string(s.groundTruth().size()) + " keypoint frames");
    }

    if (options.repairOnDisk) {
        // Streams map the files read-only; rewriting a header and truncating a partial row keeps
        // every mapped complete row valid.
        for (const auto& [path, rows] : rowCounts)
            repairFile(path, rows);
        if (s.m_interrupted) {
            QJsonObject fixed = json;
            fixed["state"] = "closed";
            writeJsonAtomically(jsonPath, fixed);
        }
    }
    return s;
}

} // namespace insolepose
