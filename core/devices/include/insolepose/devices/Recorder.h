#pragma once
// Records the frames of any set of insole sources into a session folder while they stream:
// frames are taken from the sources' FrameQueue every 20 ms and appended (the SessionWriter
// flushes at least every 250 ms, so a killed recorder loses at most that much). When a foot
// goes quiet for more than half a second the gap is recorded in events.json; recording goes on.
// Optionally the first seconds calibrate the insoles (CalibrationCapture). Errors: IoError from
// the constructor when the folder cannot be written; write errors later stop the recording and
// are reported through errorOccurred.
#include "insolepose/SessionWriter.h"
#include "insolepose/devices/InsoleSource.h"

#include <QObject>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QTimer;

namespace insolepose::devices {

/// Collects unloaded frames and derives a per-taxel calibration: baseline = mean reading,
/// dead = no variance, stuck = saturated; cells outside the insole's grid are ignored.
class CalibrationCapture {
public:
    explicit CalibrationCapture(GridSize insoleGrid = kSmallInsoleGrid, float span_adc = 120.0f);
    void add(std::span<const std::uint16_t> raw);
    std::size_t frames() const { return m_frames; }
    /// Throws Error when fewer than 5 frames were collected.
    Calibration result() const;
    std::size_t deadCount() const;
    std::size_t stuckCount() const;

private:
    std::vector<std::uint8_t> m_live;
    std::vector<double> m_sum, m_sumSq;
    std::vector<std::uint16_t> m_min, m_max;
    std::size_t m_frames = 0;
    float m_span;
};

struct RecorderStats {
    FootPair<std::uint64_t> frames;
    std::uint64_t gaps = 0;
    bool calibrating = false;
    bool recording = false;
    QString lastError;
};

class Recorder : public QObject {
    Q_OBJECT
public:
    /// `clockOrigin_ns` (host clock) becomes time zero of the session.
    Recorder(std::filesystem::path dir, SessionMetadata metadata, std::shared_ptr<FrameQueue> queue,
             TimeNs clockOrigin_ns, QObject* parent = nullptr);
    ~Recorder() override;

    /// Calibrate each insole from its first `seconds` of frames (the subject off the insoles).
    void setCalibrationSeconds(double seconds) { m_calibrationSeconds = seconds; }
    RecorderStats stats() const;
    const std::filesystem::path& path() const { return m_dir; }
    /// The host-clock time that is time zero of the session.
    TimeNs clockOrigin_ns() const { return m_origin_ns; }

public Q_SLOTS:
    void start();
    /// Takes the last frames, closes open gaps, writes calibration and closes the session.
    void stop();

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    void drain();
    void append(const TactileFrame& frame);
    void writeEvents();

    std::filesystem::path m_dir;
    SessionMetadata m_metadata;
    std::shared_ptr<FrameQueue> m_queue;
    TimeNs m_origin_ns;
    std::unique_ptr<SessionWriter> m_writer;
    QTimer* m_timer = nullptr;
    double m_calibrationSeconds = 0.0;
    FootPair<std::optional<CalibrationCapture>> m_calibration;
    FootPair<TimeNs> m_lastFrame_ns{-1, -1};
    FootPair<std::optional<TimeNs>> m_firstFrame_ns;
    FootPair<std::optional<TimeNs>> m_openGap;
    std::vector<SessionEvent> m_events;
    mutable std::mutex m_mutex;
    RecorderStats m_stats;
};

} // namespace insolepose::devices
