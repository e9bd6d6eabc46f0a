#include "insolepose/SessionReader.h"

#include "SessionRepair.h"

#include "insolepose/Json.h"
#include "insolepose/VideoFrameCount.h"

#include "insolepose/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace insolepose {
namespace fs = std::filesystem;
using namespace detail;

namespace {

std::string tactileName(Foot foot) { return "tactile_" + std::string(footName(foot)); }

struct OpenedPair {
    NpyArray data;
    NpyArray times;
    std::size_t rows = 0;
};

/// Opens a data file and its timestamp file, checks dtype and shape, reconciles their lengths.
/// A session cut by a crash uses (and repair keeps) their common length; a closed session's files
/// are never cut for being longer than their partner: reading uses the common part, repair leaves
/// them as they are.
OpenedPair openPair(const fs::path& dataPath, const fs::path& timesPath, DType dtype,
                    const std::vector<std::size_t>& rowShape, bool interrupted, std::vector<std::string>& warnings,
                    std::vector<FilePlan>& plans)
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
    FilePlan dataPlan = planOf(p.data);
    FilePlan timesPlan = planOf(p.times);
    if (p.data.rows() != p.times.rows()) {
        const std::string what = dataPath.filename().string() + " has " + std::to_string(p.data.rows()) + " rows but " +
                                 timesPath.filename().string() + " has " + std::to_string(p.times.rows()) +
                                 "; using the first " + std::to_string(p.rows);
        if (interrupted) {
            warnings.push_back(what);
            for (FilePlan* plan : {&dataPlan, &timesPlan}) {
                plan->rows = p.rows;
                plan->cutReason = "rows beyond the common length of " + dataPath.filename().string() + " and " +
                                  timesPath.filename().string() + " after the recorder stopped";
            }
        } else {
            warnings.push_back(what + " (the session is closed: repair leaves both files as they are)");
        }
    }
    plans.push_back(std::move(dataPlan));
    plans.push_back(std::move(timesPlan));
    return p;
}

/// Checks that every time of the stream, with its offset, stays within +-kMaxSessionTime_ns.
void checkTimeRange(const TimeIndex& index, TimeNs offset, const std::string& file)
{
    if (index.empty())
        return;
    for (const TimeNs t : {index.firstTime(), index.lastTime()}) {
        TimeNs shifted = 0;
        if (__builtin_add_overflow(t, offset, &shifted) || shifted >= kMaxSessionTime_ns ||
            shifted <= -kMaxSessionTime_ns)
            throw FormatError(file + ": timestamp " + std::to_string(t) + " ns with sync offset " +
                              std::to_string(offset) + " ns lies beyond +-" + std::to_string(kMaxSessionTime_ns) +
                              " ns (about 146 years) on the session clock; times this far out cannot be compared "
                              "without overflow");
    }
}

SampleStream makeStream(std::string name, OpenedPair pair, TimeNs offset, const fs::path& timesPath,
                        std::vector<std::string>& warnings)
{
    SampleStream s(std::move(name), std::move(pair.data), std::move(pair.times), pair.rows, offset);
    checkTimeRange(s.index(), offset, timesPath.filename().string());
    if (s.index().outOfOrderCount() > 0)
        warnings.push_back(timesPath.filename().string() + ": " + std::to_string(s.index().outOfOrderCount()) +
                           " timestamps go backwards; the stream is sorted by time in memory");
    if (s.index().duplicateCount() > 0)
        warnings.push_back(timesPath.filename().string() + ": " + std::to_string(s.index().duplicateCount()) +
                           " duplicate timestamps (equal to the one before them); a query at such a time "
                           "answers the last of the equal samples");
    return s;
}

std::optional<NpyArray> openOptionalColumn(const fs::path& path, DType dtype, std::size_t rows, bool interrupted,
                                           std::vector<std::string>& warnings, std::vector<FilePlan>& plans)
{
    if (!fs::exists(path))
        return std::nullopt;
    try {
        std::string warning;
        NpyArray a = NpyArray::open(path, &warning);
        if (!warning.empty())
            warnings.push_back(warning);
        a.expect(dtype, {});
        if (a.rows() < rows) {
            warnings.push_back(path.filename().string() + ": only " + std::to_string(a.rows()) + " of " +
                               std::to_string(rows) + " rows; ignored");
            return std::nullopt;
        }
        FilePlan plan = planOf(a);
        if (a.rows() > rows) {
            if (interrupted) {
                plan.rows = rows;
                plan.cutReason = "rows beyond the stream's length after the recorder stopped";
            } else {
                warnings.push_back(path.filename().string() + ": " + std::to_string(a.rows()) +
                                   " rows, the stream has " + std::to_string(rows) + "; using the first " +
                                   std::to_string(rows) + " (the session is closed: repair leaves the file as it is)");
            }
        }
        plans.push_back(std::move(plan));
        return a;
    } catch (const Error& e) {
        warnings.push_back(std::string(e.what()) + "; ignored");
        return std::nullopt;
    }
}

/// Counts readings beyond the 12-bit range in the first `rows` frames of a tactile file.
void warnSaturated(const NpyArray& data, std::size_t rows, std::vector<std::string>& warnings)
{
    const auto cells = static_cast<std::size_t>(kModelGrid.cellCount());
    std::size_t readings = 0, frames = 0;
    std::uint16_t largest = 0;
    const auto values = data.values<std::uint16_t>();
    for (std::size_t r = 0; r < rows && (r + 1) * cells <= values.size(); ++r) {
        const std::uint16_t* v = values.data() + r * cells;
        std::uint16_t high = 0;
        for (std::size_t i = 0; i < cells; ++i)
            high = std::max(high, v[i]);
        if (high <= kAdcMax)
            continue;
        ++frames;
        largest = std::max(largest, high);
        for (std::size_t i = 0; i < cells; ++i)
            readings += v[i] > kAdcMax;
    }
    if (readings > 0)
        warnings.push_back(data.path().filename().string() + ": " + std::to_string(readings) + " readings in " +
                           std::to_string(frames) + " frames exceed the 12-bit range (largest " +
                           std::to_string(largest) + ", at most " + std::to_string(kAdcMax) +
                           " expected: saturated or corrupt ADC values); normalised pressure clips them");
}

/// The first field of XRMoCap camera parameters that is not what the format says, or "".
std::string badCameraField(const QJsonObject& o)
{
    auto matrix = [](const QJsonValue& v, qsizetype rows, qsizetype cols) {
        if (!v.isArray() || v.toArray().size() != rows)
            return false;
        for (const QJsonValue& row : v.toArray()) {
            const QJsonArray r = cols > 0 ? row.toArray() : QJsonArray{row};
            if ((cols > 0 && (!row.isArray() || r.size() != cols)))
                return false;
            for (const QJsonValue& x : r)
                if (!x.isDouble() || !std::isfinite(x.toDouble()))
                    return false;
        }
        return true;
    };
    if (!o.contains("intrinsic"))
        return "'intrinsic' is missing";
    if (!matrix(o["intrinsic"], 3, 3) && !matrix(o["intrinsic"], 4, 4))
        return "'intrinsic' is not a 3x3 or 4x4 array of numbers";
    if (o.contains("extrinsic_r") && !matrix(o["extrinsic_r"], 3, 3))
        return "'extrinsic_r' is not a 3x3 array of numbers";
    if (o.contains("extrinsic_t") && !matrix(o["extrinsic_t"], 3, 0))
        return "'extrinsic_t' is not an array of 3 numbers";
    for (const char* key : {"width", "height"}) {
        const QJsonValue v = o[QLatin1String(key)];
        if (o.contains(QLatin1String(key)) &&
            (!v.isDouble() || v.toDouble() < 1 || v.toDouble() != std::floor(v.toDouble())))
            return std::string("'") + key + "' is not a positive integer";
    }
    if (o.contains("world2cam") && !o["world2cam"].isBool())
        return "'world2cam' is not true or false";
    for (const char* key : {"name", "convention", "class_name"})
        if (o.contains(QLatin1String(key)) && !o[QLatin1String(key)].isString())
            return std::string("'") + key + "' is not a string";
    return {};
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
    const bool interrupted = s.m_interrupted;
    auto& warnings = s.m_warnings;
    std::vector<FilePlan> plans; // every .npy file the session uses, for on-disk repair

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
            openPair(data, times, DType::U16, {std::size_t(kModelGrid.rows), std::size_t(kModelGrid.cols)}, interrupted,
                     warnings, plans);
        const std::size_t rows = pair.rows;
        if (options.checkReadings)
            warnSaturated(pair.data, rows, warnings);
        auto device =
            openOptionalColumn(dir / (name + "_device_timestamps.npy"), DType::I64, rows, interrupted, warnings, plans);
        auto sequence =
            openOptionalColumn(dir / (name + "_sequence.npy"), DType::U32, rows, interrupted, warnings, plans);
        s.m_tactile[foot] =
            TactileStream(foot, makeStream(name, std::move(pair), s.m_metadata.syncOffset(name), times, warnings),
                          std::move(device), std::move(sequence));
    }

    auto openKeypoints = [&](const fs::path& data, const fs::path& times, const std::string& name) {
        OpenedPair pair = openPair(data, times, DType::F32, {kKeypointCount, 3}, interrupted, warnings, plans);
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
            FilePlan plan = planOf(times);
            const std::string timesName = relativeName(dir, t);
            const std::string videoName = relativeName(dir, video);
            OpenedPair pair;
            pair.rows = times.rows();
            if (const auto counted = countVideoFrames(video)) {
                c.videoFrames = *counted;
                const auto frames = std::size_t(*counted);
                if (frames < pair.rows) {
                    warnings.push_back(timesName + " lists " + std::to_string(pair.rows) + " frames but " + videoName +
                                       " holds " + std::to_string(frames) + "; using the timestamps of those " +
                                       std::to_string(frames) + " frames only");
                    pair.rows = frames;
                    plan.rows = frames;
                    plan.cutReason = "timestamps of frames " + videoName + " does not hold";
                } else if (frames > pair.rows) {
                    warnings.push_back(timesName + " lists " + std::to_string(pair.rows) + " frames but " + videoName +
                                       " holds " + std::to_string(frames) +
                                       "; the camera stream ends at its last timestamp and the " +
                                       std::to_string(frames - pair.rows) + " later frames are not shown");
                }
            } else {
                warnings.push_back(videoName + ": cannot count the frames of this container; its " +
                                   std::to_string(pair.rows) + " timestamps are used as they are");
            }
            plans.push_back(std::move(plan));
            pair.data = NpyArray::open(t); // frame numbers are the rows: no separate data array
            pair.times = std::move(times);
            c.frames = makeStream(cam, std::move(pair), s.m_metadata.syncOffset("camera_" + cam), t, warnings);
            const fs::path params = t.parent_path() / (cam + ".json");
            if (fs::exists(params)) {
                try {
                    c.parameters = readJsonObject(params);
                    const std::string bad = badCameraField(c.parameters);
                    if (!bad.empty()) {
                        warnings.push_back(relativeName(dir, params) + ": field " + bad +
                                           "; camera parameters ignored");
                        c.parameters = {};
                    }
                } catch (const Error& e) {
                    warnings.push_back(std::string(e.what()) + "; camera parameters ignored");
                }
            }
            s.m_cameras.push_back(std::move(c));
        }
    }

    if (fs::exists(dir / "labels.json")) {
        try {
            const QJsonObject labels = readJsonObject(dir / "labels.json");
            if (labels.contains("tracks") && !labels["tracks"].isArray())
                warnings.push_back("labels.json: field 'tracks' is not an array; no labels read (the file is left "
                                   "as it is)");
            const QJsonArray tracks = labels["tracks"].toArray();
            for (qsizetype i = 0; i < tracks.size(); ++i) {
                if (!tracks[i].isObject()) {
                    warnings.push_back("labels.json: track " + std::to_string(i) + " is not an object; skipped");
                    continue;
                }
                s.m_labelTracks.push_back(LabelTrack::fromJson(tracks[i].toObject(), &warnings));
            }
        } catch (const Error& e) {
            warnings.push_back(std::string(e.what()) + "; no labels read (the file is left as it is)");
        }
    }

    if (fs::exists(dir / "events.json")) {
        try {
            const QJsonObject ev = readJsonObject(dir / "events.json");
            const QJsonArray events = ev["events"].toArray();
            for (qsizetype i = 0; i < events.size(); ++i) {
                const QJsonObject o = events[i].toObject();
                SessionEvent e;
                e.stream = o["stream"].toString().toStdString();
                e.kind = o["kind"].toString().toStdString();
                bool okStart = false, okEnd = false;
                e.start_ns = o["start_ns"].toString().toLongLong(&okStart);
                e.end_ns = o["end_ns"].toString().toLongLong(&okEnd);
                e.note = o["note"].toString().toStdString();
                if (!okStart || !okEnd) {
                    warnings.push_back("events.json: event " + std::to_string(i) +
                                       ": 'start_ns' or 'end_ns' is not an integer string; event skipped");
                    continue;
                }
                s.m_events.push_back(std::move(e));
            }
        } catch (const Error& e) {
            warnings.push_back(std::string(e.what()) + "; no events read (the file is left as it is)");
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
        RepairOutcome r = applyRepairs(dir, plans, s.m_interrupted ? &json : nullptr, jsonPath);
        s.m_repairBackup = std::move(r.backup);
        s.m_repairs = std::move(r.repairs);
    }
    return s;
}

std::vector<std::filesystem::path> sessionFoldersIn(const std::filesystem::path& dir)
{
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir))
        throw IoError(dir.string() + ": not a folder");
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() && fs::exists(e.path() / "session.json"))
            folders.push_back(e.path());
    std::sort(folders.begin(), folders.end());
    return folders;
}

} // namespace insolepose
