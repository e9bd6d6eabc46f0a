#pragma once
// An opened recording: metadata, the two tactile streams, ground-truth keypoints, predictions per
// model, camera streams and label tracks, each stream a time-indexed view over memory-mapped
// arrays. Sessions are produced by openSession() (SessionReader.h); reading reports no errors.
#include "insolepose/Calibration.h"
#include "insolepose/Labels.h"
#include "insolepose/Npy.h"
#include "insolepose/Skeleton.h"
#include "insolepose/Tactile.h"
#include "insolepose/TimeIndex.h"

#include <QJsonObject>

#include <array>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace insolepose {

inline constexpr int kSessionSchemaVersion = 1;
/// The value of session.json's "format" field.
inline constexpr const char* kSessionFormatName = "insolepose-session";
/// The largest sync offset accepted, +-1e6 s: anything beyond is a FormatError naming the stream.
inline constexpr TimeNs kMaxSyncOffset_ns = 1'000'000 * kNsPerSecond;
/// Session-clock times (stored timestamp plus offset) must lie within +-2^62 ns (about 146 years)
/// so that the difference of any two cannot overflow; a stream beyond is a FormatError.
inline constexpr TimeNs kMaxSessionTime_ns = TimeNs(1) << 62;

/// a - b, clamped to the int64 range instead of overflowing (queries from any time are safe).
constexpr TimeNs saturatingSub(TimeNs a, TimeNs b)
{
    TimeNs r = 0;
    if (__builtin_sub_overflow(a, b, &r))
        return b < 0 ? std::numeric_limits<TimeNs>::max() : std::numeric_limits<TimeNs>::min();
    return r;
}

struct InsoleInfo {
    InsoleSize size = InsoleSize::Small;
    Calibration calibration;
};

struct SessionMetadata {
    std::string id;
    std::string subjectId;
    std::string createdUtc; ///< ISO 8601
    std::string appVersion;
    std::string notes;
    FootPair<InsoleInfo> insoles;
    /// Per-stream offsets added to stored timestamps to put them on the session clock.
    std::vector<std::pair<std::string, TimeNs>> syncOffsets_ns;

    TimeNs syncOffset(const std::string& stream) const;
    QJsonObject toJson() const;
    static SessionMetadata fromJson(const QJsonObject& json);
};

/// A stream of fixed-size rows with one timestamp each, read from two .npy files.
class SampleStream {
public:
    SampleStream() = default;
    SampleStream(std::string name, NpyArray data, NpyArray times, std::size_t rows, TimeNs offset_ns);

    const std::string& name() const { return m_name; }
    std::size_t size() const { return m_index.size(); }
    bool empty() const { return size() == 0; }
    /// Session-clock time of the i-th sample in time order.
    TimeNs timeAt(std::size_t i) const { return m_index.timeAt(i) + m_offset_ns; }
    std::optional<std::size_t> latestAt(TimeNs t_ns) const
    {
        return m_index.latestAt(saturatingSub(t_ns, m_offset_ns));
    }
    std::optional<std::size_t> nearest(TimeNs t_ns) const { return m_index.nearest(saturatingSub(t_ns, m_offset_ns)); }
    std::pair<std::size_t, std::size_t> range(TimeNs t0_ns, TimeNs t1_ns) const
    {
        return m_index.range(saturatingSub(t0_ns, m_offset_ns), saturatingSub(t1_ns, m_offset_ns));
    }
    TimeNs offset_ns() const { return m_offset_ns; }
    void setOffset_ns(TimeNs offset_ns) { m_offset_ns = offset_ns; }
    const TimeIndex& index() const { return m_index; }
    const NpyArray& data() const { return m_data; }
    /// Stored row of the i-th sample in time order.
    std::size_t row(std::size_t i) const { return m_index.rowAt(i); }
    const std::byte* rowData(std::size_t i) const { return m_data.rowData(row(i)); }

private:
    std::string m_name;
    NpyArray m_data;
    NpyArray m_times;
    TimeIndex m_index;
    TimeNs m_offset_ns = 0;
};

class TactileStream {
public:
    TactileStream() = default;
    TactileStream(Foot foot, SampleStream samples, std::optional<NpyArray> deviceTimes,
                  std::optional<NpyArray> sequence);
    Foot foot() const { return m_foot; }
    const SampleStream& samples() const { return m_samples; }
    SampleStream& samples() { return m_samples; }
    std::size_t size() const { return m_samples.size(); }
    TimeNs timeAt(std::size_t i) const { return m_samples.timeAt(i); }
    std::optional<std::size_t> latestAt(TimeNs t_ns) const { return m_samples.latestAt(t_ns); }
    /// Raw readings on the model grid (30 x 22), row-major.
    std::span<const std::uint16_t> raw(std::size_t i) const;
    TimeNs deviceTimeAt(std::size_t i) const; ///< 0 when not recorded.
    std::uint32_t sequenceAt(std::size_t i) const; ///< Row index when not recorded.

private:
    Foot m_foot = Foot::Left;
    SampleStream m_samples;
    std::optional<NpyArray> m_deviceTimes;
    std::optional<NpyArray> m_sequence;
};

class KeypointStream {
public:
    KeypointStream() = default;
    explicit KeypointStream(SampleStream samples);
    const std::string& name() const { return m_samples.name(); }
    const SampleStream& samples() const { return m_samples; }
    SampleStream& samples() { return m_samples; }
    std::size_t size() const { return m_samples.size(); }
    TimeNs timeAt(std::size_t i) const { return m_samples.timeAt(i); }
    std::optional<std::size_t> latestAt(TimeNs t_ns) const { return m_samples.latestAt(t_ns); }
    std::optional<std::size_t> nearest(TimeNs t_ns) const { return m_samples.nearest(t_ns); }
    Pose pose(std::size_t i) const;
    /// False when the frame holds a NaN or infinite coordinate (a marker was lost).
    bool isValid(std::size_t i) const;
    std::size_t invalidCount() const { return m_invalidCount; }

private:
    SampleStream m_samples;
    std::vector<std::uint8_t> m_invalidRows; ///< Per stored row; empty when all are valid.
    std::size_t m_invalidCount = 0;
};

/// Something that happened to a stream while recording, e.g. a gap when a device dropped out.
struct SessionEvent {
    std::string stream; ///< "tactile_left", "camera_cam0", ...
    std::string kind; ///< "gap"
    TimeNs start_ns = 0;
    TimeNs end_ns = 0;
    std::string note;
};

struct CameraStream {
    std::string name;
    std::filesystem::path videoPath;
    /// One timestamp per video frame (rows of the data array are frame numbers). Only frames the
    /// video holds are indexed: timestamps beyond the video's last frame are left out on opening.
    SampleStream frames;
    QJsonObject parameters; ///< XRMoCap camera parameter JSON, when present.
    /// Complete frames counted in the video file, or -1 when its container could not be counted.
    std::int64_t videoFrames = -1;

    /// The stream ends at its last timestamp (session clock; 0 when empty): later video frames,
    /// if any, have no time.
    TimeNs end_ns() const { return frames.empty() ? 0 : frames.timeAt(frames.size() - 1); }
    /// The video frame number to show at t: the latest frame at or before t. A frame is shown for
    /// one frame interval at most: nothing more than one interval before the first timestamp or
    /// after end_ns() (no stale frame past the stream's end), the first frame just before it.
    std::optional<std::size_t> frameAt(TimeNs t_ns) const
    {
        const std::size_t n = frames.size();
        if (n == 0)
            return std::nullopt;
        const TimeNs first = frames.timeAt(0), last = frames.timeAt(n - 1);
        const TimeNs interval = n > 1 ? (last - first) / TimeNs(n - 1) : 0;
        if (t_ns > last + interval || t_ns < first - interval)
            return std::nullopt;
        const auto i = frames.latestAt(t_ns);
        return frames.row(i ? *i : 0);
    }
};

class Session {
public:
    const std::filesystem::path& path() const { return m_path; }
    const SessionMetadata& metadata() const { return m_metadata; }
    const TactileStream& tactile(Foot foot) const { return m_tactile[foot]; }
    const KeypointStream& groundTruth() const { return m_groundTruth; }
    const std::vector<KeypointStream>& predictions() const { return m_predictions; }
    const KeypointStream* prediction(const std::string& model) const;
    const std::vector<CameraStream>& cameras() const { return m_cameras; }
    const std::vector<LabelTrack>& labelTracks() const { return m_labelTracks; }
    /// Recording events (events.json), e.g. gaps where a device dropped out.
    const std::vector<SessionEvent>& events() const { return m_events; }

    /// Moves `stream` (a sync_offsets_ns name: tactile_left, tactile_right, keypoints_gt, a model,
    /// camera_<name>) to `offset_ns` in memory and in metadata(); writes nothing (SessionWriter's
    /// writeMetadata does). False when the session has no such stream.
    bool setSyncOffset(const std::string& stream, TimeNs offset_ns);
    /// Earliest and latest sample time over all streams (0, 0 when empty).
    std::pair<TimeNs, TimeNs> timeRange() const;
    /// What was repaired or recovered on opening, each naming the file.
    const std::vector<std::string>& warnings() const { return m_warnings; }
    /// True when the session was still being recorded when its writer stopped (a crash).
    bool wasInterrupted() const { return m_interrupted; }
    /// With OpenOptions::repairOnDisk: each change written to disk, one line per file ("file: what
    /// was wrong; what was done"). Empty when nothing needed repair.
    const std::vector<std::string>& repairs() const { return m_repairs; }
    /// With OpenOptions::repairOnDisk: the folder holding the original of every file the repair
    /// changed (repair-backup-<UTC time> inside the session), or empty when nothing changed.
    const std::filesystem::path& repairBackup() const { return m_repairBackup; }

private:
    friend class SessionReader;
    std::filesystem::path m_path;
    SessionMetadata m_metadata;
    FootPair<TactileStream> m_tactile;
    KeypointStream m_groundTruth;
    std::vector<KeypointStream> m_predictions;
    std::vector<CameraStream> m_cameras;
    std::vector<LabelTrack> m_labelTracks;
    std::vector<SessionEvent> m_events;
    std::vector<std::string> m_warnings;
    std::vector<std::string> m_repairs;
    std::filesystem::path m_repairBackup;
    bool m_interrupted = false;
};

} // namespace insolepose
