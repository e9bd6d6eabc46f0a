#pragma once
// Writing session folders (docs/SESSION_FORMAT.md). Recording is append-only and flushed at least
// every 250 ms, so a killed writer loses at most that much; labels, predictions, events and
// metadata are replaced atomically. Errors: IoError / FormatError naming the file.
#include "insolepose/Session.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace insolepose {

/// Records a session folder. Everything appended is written to the operating system at least
/// every flushInterval, so a killed process loses at most that much.
class SessionWriter {
public:
    /// Creates `dir` (which must not hold a session yet) and writes session.json marked as
    /// recording. Throws IoError when the folder cannot be created or already holds a session.
    SessionWriter(const std::filesystem::path& dir, SessionMetadata metadata);
    ~SessionWriter(); ///< Closes if still open; never throws.
    SessionWriter(const SessionWriter&) = delete;
    SessionWriter& operator=(const SessionWriter&) = delete;

    /// Appends one frame (padded to the model grid when it comes from a large insole).
    void appendTactile(const TactileFrame& frame);
    void appendGroundTruth(TimeNs t_ns, const Pose& pose);
    void setFlushInterval(std::chrono::milliseconds interval) { m_flushInterval = interval; }
    /// Flushes when the interval has passed since the last flush. Called by every append.
    void flushIfDue();
    void flush();
    /// Flushes, finalises every header and marks the session closed.
    void close();
    /// Replaces the metadata written at close (e.g. with a calibration captured while recording).
    void setMetadata(SessionMetadata metadata) { m_metadata = std::move(metadata); }

    const std::filesystem::path& path() const { return m_dir; }
    std::size_t tactileCount(Foot foot) const;
    std::size_t groundTruthCount() const;

private:
    struct Streams;
    std::filesystem::path m_dir;
    SessionMetadata m_metadata;
    std::unique_ptr<Streams> m_streams;
    std::chrono::milliseconds m_flushInterval{250};
    std::chrono::steady_clock::time_point m_lastFlush;
    bool m_open = false;
};

/// Atomically replaces the label tracks of the session at `dir`.
void writeLabelTracks(const std::filesystem::path& dir, const std::vector<LabelTrack>& tracks);
/// Atomically writes (or replaces) the predictions of `model` in the session at `dir`.
void writePredictions(const std::filesystem::path& dir, const std::string& model, const std::vector<TimeNs>& times_ns,
                      const std::vector<Pose>& poses);
/// Atomically replaces the recording events (events.json) of the session at `dir`.
void writeEvents(const std::filesystem::path& dir, const std::vector<SessionEvent>& events);
/// Atomically replaces session.json's metadata (keeps the recording state).
void writeMetadata(const std::filesystem::path& dir, const SessionMetadata& metadata);

} // namespace insolepose
