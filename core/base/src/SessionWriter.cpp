#include "insolepose/SessionWriter.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"

#include <QJsonArray>

#include <algorithm>
#include <cstring>

namespace insolepose {
namespace fs = std::filesystem;

namespace {
std::string tactileName(Foot foot) { return "tactile_" + std::string(footName(foot)); }
} // namespace

// =================================================================================================
struct SessionWriter::Streams {
    struct Tactile {
        std::unique_ptr<NpyAppender> data, times, device, sequence;
    };
    FootPair<Tactile> tactile;
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
    o["format"] = kSessionFormatName;
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
                throw FormatError(tactileName(frame.foot) + " frame " + std::to_string(frame.sequence) + ": reading " +
                                  std::to_string(v) + " exceeds 12 bits");
    }
    auto& t = m_streams->tactile[frame.foot];
    if (!t.data) {
        const std::string base = (m_dir / tactileName(frame.foot)).string();
        t.data = std::make_unique<NpyAppender>(base + ".npy", DType::U16, std::vector<std::size_t>{30, 22});
        t.times = std::make_unique<NpyAppender>(base + "_timestamps.npy", DType::I64, std::vector<std::size_t>{});
        t.device =
            std::make_unique<NpyAppender>(base + "_device_timestamps.npy", DType::I64, std::vector<std::size_t>{});
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
        m_streams->gtTimes = std::make_unique<NpyAppender>(m_dir / "keypoints_gt_timestamps.npy", DType::I64,
                                                           std::vector<std::size_t>{});
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
    const auto& t = m_streams->tactile[foot];
    return t.data ? t.data->rows() : 0;
}

std::size_t SessionWriter::groundTruthCount() const { return m_streams->gtData ? m_streams->gtData->rows() : 0; }

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
        throw Error("predictions for '" + model + "': " + std::to_string(times_ns.size()) + " timestamps but " +
                    std::to_string(poses.size()) + " poses");
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
