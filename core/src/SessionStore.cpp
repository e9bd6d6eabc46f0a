#include "insolepose/SessionStore.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace insolepose {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFormatName = "insolepose-session";

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
        throw IoError(timesPath.filename().string() + ": missing (needed by " +
                      dataPath.filename().string() + ")");
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
        warnings.push_back(dataPath.filename().string() + " has " + std::to_string(p.data.rows()) +
                           " rows but " + timesPath.filename().string() + " has " +
                           std::to_string(p.times.rows()) + "; using the first " + std::to_string(p.rows));
    return p;
}

SampleStream makeStream(std::string name, OpenedPair pair, TimeNs offset, const fs::path& timesPath,
                        std::vector<std::string>& warnings)
{
    SampleStream s(std::move(name), std::move(pair.data), std::move(pair.times), pair.rows, offset);
    if (s.index().outOfOrderCount() > 0)
        warnings.push_back(timesPath.filename().string() + ": " +
                           std::to_string(s.index().outOfOrderCount()) +
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
            warnings.push_back(path.filename().string() + ": only " + std::to_string(a.rows()) +
                               " of " + std::to_string(rows) + " rows; ignored");
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
    if (json["format"].toString() != kFormatName)
        throw FormatError("session.json: 'format' is '" + json["format"].toString().toStdString() +
                          "', expected '" + kFormatName + "'");
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

    for (Foot foot : {Foot::Left, Foot::Right}) {
        const std::string name = tactileName(foot);
        const fs::path data = dir / (name + ".npy");
        const fs::path times = dir / (name + "_timestamps.npy");
        if (!fs::exists(data)) {
            if (fs::exists(times))
                throw IoError(data.filename().string() + ": missing (its timestamps file exists)");
            continue;
        }
        OpenedPair pair = openPair(data, times, DType::U16,
                                   {std::size_t(kModelGrid.rows), std::size_t(kModelGrid.cols)}, warnings);
        const std::size_t rows = pair.rows;
        auto device = openOptionalColumn(dir / (name + "_device_timestamps.npy"), DType::I64, rows, warnings);
        auto sequence = openOptionalColumn(dir / (name + "_sequence.npy"), DType::U32, rows, warnings);
        rowCounts.emplace_back(data, rows);
        rowCounts.emplace_back(times, rows);
        if (device)
            rowCounts.emplace_back(device->path(), rows);
        if (sequence)
            rowCounts.emplace_back(sequence->path(), rows);
        s.m_tactile[static_cast<int>(foot)] =
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
            s.m_predictions.push_back(
                openKeypoints(f, f.parent_path() / (model + "_timestamps.npy"), model));
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

// =================================================================================================
struct SessionWriter::Streams {
    struct Tactile {
        std::unique_ptr<NpyAppender> data, times, device, sequence;
    };
    std::array<Tactile, 2> tactile;
    std::unique_ptr<NpyAppender> gtData, gtTimes;

    template <typename F> void forEach(F f)
    {
        for (auto& t : tactile)
            for (auto* a : {&t.data, &t.times, &t.device, &t.sequence})
                if (*a)
                    f(**a);
        for (auto* a : {&gtData, &gtTimes})
            if (*a)
                f(**a);
    }
};

namespace {
QJsonObject sessionJson(const SessionMetadata& m, const char* state)
{
    QJsonObject o = m.toJson();
    o["format"] = kFormatName;
    o["schema_version"] = kSessionSchemaVersion;
    o["state"] = state;
    return o;
}
} // namespace

SessionWriter::SessionWriter(const fs::path& dir, SessionMetadata metadata)
    : m_dir(dir), m_metadata(std::move(metadata)), m_streams(std::make_unique<Streams>())
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw IoError(dir.string() + ": cannot create folder: " + ec.message());
    if (fs::exists(dir / "session.json"))
        throw IoError(dir.string() + ": already holds a session; choose a new folder");
    writeJsonAtomically(dir / "session.json", sessionJson(m_metadata, "recording"));
    m_lastFlush = std::chrono::steady_clock::now();
    m_open = true;
}

SessionWriter::~SessionWriter()
{
    try {
        close();
    } catch (...) {
        // Never throw from a destructor; the session stays marked as recording and reopens.
    }
}

void SessionWriter::appendTactile(const TactileFrame& frame)
{
    if (!m_open)
        throw IoError(m_dir.string() + ": session writer is closed");
    std::vector<std::uint16_t> padded;
    std::span<const std::uint16_t> cells = frame.raw_adc;
    if (!(frame.grid == kModelGrid) || frame.raw_adc.size() != std::size_t(kModelGrid.cellCount())) {
        padded = toModelGrid(frame.raw_adc, frame.grid);
        cells = padded;
    } else {
        for (std::uint16_t v : cells)
            if (v > kAdcMax)
                throw FormatError(tactileName(frame.foot) + " frame " + std::to_string(frame.sequence) +
                                  ": reading " + std::to_string(v) + " exceeds 12 bits");
    }
    auto& t = m_streams->tactile[static_cast<int>(frame.foot)];
    if (!t.data) {
        const std::string base = (m_dir / tactileName(frame.foot)).string();
        t.data = std::make_unique<NpyAppender>(base + ".npy", DType::U16,
                                               std::vector<std::size_t>{30, 22});
        t.times = std::make_unique<NpyAppender>(base + "_timestamps.npy", DType::I64, std::vector<std::size_t>{});
        t.device = std::make_unique<NpyAppender>(base + "_device_timestamps.npy", DType::I64, std::vector<std::size_t>{});
        t.sequence = std::make_unique<NpyAppender>(base + "_sequence.npy", DType::U32, std::vector<std::size_t>{});
    }
    t.data->append(cells.data(), 1);
    t.times->append(&frame.hostTime_ns, 1);
    t.device->append(&frame.deviceTime_ns, 1);
    t.sequence->append(&frame.sequence, 1);
    flushIfDue();
}

void SessionWriter::appendGroundTruth(TimeNs t_ns, const Pose& pose)
{
    if (!m_open)
        throw IoError(m_dir.string() + ": session writer is closed");
    if (!m_streams->gtData) {
        m_streams->gtData = std::make_unique<NpyAppender>(m_dir / "keypoints_gt.npy", DType::F32,
                                                          std::vector<std::size_t>{kKeypointCount, 3});
        m_streams->gtTimes = std::make_unique<NpyAppender>(m_dir / "keypoints_gt_timestamps.npy",
                                                           DType::I64, std::vector<std::size_t>{});
    }
    float row[kKeypointCount * 3];
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        std::memcpy(row + 3 * k, pose[k].data(), 3 * sizeof(float));
    m_streams->gtData->append(row, 1);
    m_streams->gtTimes->append(&t_ns, 1);
    flushIfDue();
}

void SessionWriter::flushIfDue()
{
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastFlush >= m_flushInterval)
        flush();
}

void SessionWriter::flush()
{
    m_streams->forEach([](NpyAppender& a) { a.flush(); });
    m_lastFlush = std::chrono::steady_clock::now();
}

void SessionWriter::close()
{
    if (!m_open)
        return;
    m_open = false;
    m_streams->forEach([](NpyAppender& a) { a.close(); });
    writeJsonAtomically(m_dir / "session.json", sessionJson(m_metadata, "closed"));
}

std::size_t SessionWriter::tactileCount(Foot foot) const
{
    const auto& t = m_streams->tactile[static_cast<int>(foot)];
    return t.data ? t.data->rows() : 0;
}

std::size_t SessionWriter::groundTruthCount() const
{
    return m_streams->gtData ? m_streams->gtData->rows() : 0;
}

// =================================================================================================
void writeLabelTracks(const fs::path& dir, const std::vector<LabelTrack>& tracks)
{
    QJsonArray arr;
    for (const auto& t : tracks)
        arr.append(t.toJson());
    writeJsonAtomically(dir / "labels.json", QJsonObject{{"schema_version", 1}, {"tracks", arr}});
}

void writePredictions(const fs::path& dir, const std::string& model, const std::vector<TimeNs>& times_ns,
                      const std::vector<Pose>& poses)
{
    if (times_ns.size() != poses.size())
        throw Error("predictions for '" + model + "': " + std::to_string(times_ns.size()) +
                    " timestamps but " + std::to_string(poses.size()) + " poses");
    if (model.empty() || model.find_first_of("/\\") != std::string::npos || model.ends_with("_timestamps"))
        throw Error("predictions: invalid model name '" + model + "'");
    const fs::path folder = dir / "predictions";
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw IoError(folder.string() + ": cannot create folder: " + ec.message());
    std::vector<float> flat;
    flat.reserve(poses.size() * kKeypointCount * 3);
    for (const auto& p : poses)
        for (const auto& k : p)
            flat.insert(flat.end(), {k.x(), k.y(), k.z()});
    writeNpy(folder / (model + ".npy"), DType::F32, {poses.size(), kKeypointCount, 3}, flat.data());
    writeNpy(folder / (model + "_timestamps.npy"), DType::I64, {times_ns.size()}, times_ns.data());
}

void writeEvents(const fs::path& dir, const std::vector<SessionEvent>& events)
{
    QJsonArray arr;
    for (const auto& e : events)
        arr.append(QJsonObject{{"stream", QString::fromStdString(e.stream)},
                               {"kind", QString::fromStdString(e.kind)},
                               {"start_ns", QString::number(e.start_ns)},
                               {"end_ns", QString::number(e.end_ns)},
                               {"note", QString::fromStdString(e.note)}});
    writeJsonAtomically(dir / "events.json", QJsonObject{{"schema_version", 1}, {"events", arr}});
}

void writeMetadata(const fs::path& dir, const SessionMetadata& metadata)
{
    const QJsonObject old = readJsonObject(dir / "session.json");
    QJsonObject o = sessionJson(metadata, "closed");
    o["state"] = old["state"].toString("closed");
    writeJsonAtomically(dir / "session.json", o);
}

} // namespace insolepose
